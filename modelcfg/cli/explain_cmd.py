"""`modelcfg explain`: a setting's final value and every layer that set it."""

import sys
from pathlib import Path

import click

from .compile_cmd import report


@click.command("explain")
@click.argument("setting", required=False)
@click.option("-p", "--project", default=".", type=click.Path(path_type=Path), help="Project dir or file.")
@click.option("-e", "--env", help="Apply the overlays of this environment.")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override one value (repeatable).")
@click.option("--all", "show_all", is_flag=True, help="Explain every leaf setting.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain_command(
    setting: str | None, project: Path, env: str | None, sets: tuple[str, ...], show_all: bool, fmt: str
) -> None:
    """Show SETTING's final value and every layer that set it, lowest first (`*` marks the winner).

    SETTING is a dotted path; numbers index lists. Exit 1 if the project does not
    compile, holds a literal API key, or SETTING is not set, 2 on usage errors.

    \b
    Examples:
      modelcfg explain providers.openai.settings.temperature --env production -p examples
      modelcfg explain --all -p examples --format json
    """
    from modelcfg.compiler import compile_project
    from modelcfg.compiler.explain import explain, explain_all, parse_path, render_json, render_text

    if not show_all and not setting:
        click.echo("error: name a SETTING (like providers.openai.settings.stop) or pass --all", err=True)
        sys.exit(2)
    result = compile_project(project, env=env, sets=sets, table=False)
    if result.usage_error:
        report(result, "text", None)
        sys.exit(2)
    if result.document is None or result.holds_secret:
        report(result, "text", None)
        sys.exit(1)
    items = explain_all(result) if show_all else [explain(result, parse_path(setting or "", result.tree))]
    click.echo(render_json(items) if fmt == "json" else render_text(items), nl=False)
    if not all(item.found for item in items):
        sys.exit(1)
