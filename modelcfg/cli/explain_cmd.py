"""`modelcfg explain`: a setting's final value and every layer that set it."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .diagnostics import print_diagnostics, table_or_exit
from .errors import fail
from .options import Command, color_option, env_option, format_option, project_option, table_option

if TYPE_CHECKING:
    from modelcfg.compiler.explain import Explanation


@click.command("explain", cls=Command)
@click.argument("setting", required=False)
@project_option
@env_option
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override one value (repeatable).")
@click.option("--all", "show_all", is_flag=True, help="Explain every leaf setting.")
@table_option
@format_option(("text", "json"))
@color_option
def explain_command(
    setting: str | None,
    project: Path | None,
    env: str | None,
    sets: tuple[str, ...],
    show_all: bool,
    table_path: Path | None,
    fmt: str,
    color: bool | None,
) -> None:
    """Show SETTING's final value and every layer that set it, lowest first (`*` marks the winner).

    SETTING is a dotted path; numbers index lists. With --table, SETTING is a path in the
    compiled table's body and the table file is the one origin. Exit 1 if the project does
    not compile, holds a literal API key, or SETTING is not set, 2 on usage errors.

    \b
    Examples:
      modelcfg explain providers.openai.settings.temperature --env production -p examples
      modelcfg explain --all -p examples --format json
      modelcfg explain providers.openai.timeout_s --table build/modelcfg.lock.json
    """
    from modelcfg.compiler.explain import render_json, render_text

    if not show_all and not setting:
        fail("name a SETTING (like providers.openai.settings.stop) or pass --all")
    if table_path is not None:
        items = [_from_table(table_path, project, env, sets, show_all, setting or "", color)]
    else:
        items = _from_project(project or Path("."), env, sets, show_all, setting or "", color)
    click.echo(render_json(items) if fmt == "json" else render_text(items), nl=False)
    if not all(item.found for item in items):
        sys.exit(1)


def _from_project(
    project: Path, env: str | None, sets: tuple[str, ...], show_all: bool, setting: str, color: bool | None
) -> list["Explanation"]:
    from modelcfg.compiler import compile_project
    from modelcfg.compiler.explain import explain, explain_all, parse_path

    result = compile_project(project, env=env, sets=sets, table=False)
    if result.usage_error or result.document is None or result.holds_secret:
        print_diagnostics(result.diagnostics, result.sources, color)
        sys.exit(2 if result.usage_error else 1)
    return explain_all(result) if show_all else [explain(result, parse_path(setting, result.tree))]


def _from_table(
    table_path: Path,
    project: Path | None,
    env: str | None,
    sets: tuple[str, ...],
    show_all: bool,
    setting: str,
    color: bool | None,
) -> "Explanation":
    from modelcfg.compiler.explain_table import explain_in_table
    from modelcfg.compiler.table_source import table_or_compile

    if show_all or sets:
        fail("--table explains one SETTING; --all and --set need the project (-p)")
    envelope = table_or_exit(table_or_compile(project, env, table_path), color, warnings=False)
    return explain_in_table(envelope, str(table_path), setting)
