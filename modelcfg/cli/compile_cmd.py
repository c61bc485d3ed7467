"""`modelcfg compile`: layered configs → the frozen runtime table."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from modelcfg.compiler.report import REPORTERS

if TYPE_CHECKING:
    from modelcfg.compiler import Compilation

DEFAULT_OUTPUT = Path("build") / "modelcfg.lock.json"


def use_color(choice: bool | None) -> bool:
    """Color when asked, else when stderr is a terminal and NO_COLOR is unset."""
    if choice is not None:
        return choice
    return sys.stderr.isatty() and "NO_COLOR" not in os.environ


def report(compilation: "Compilation", fmt: str, color: bool | None) -> None:
    """Print a compilation's diagnostics: machine formats to stdout, text to stderr."""
    from modelcfg.compiler.report import render

    diagnostics, sources = compilation.diagnostics, compilation.sources
    if fmt in ("json", "sarif", "github"):
        click.echo(render(diagnostics, fmt, sources, False), nl=False)
    elif diagnostics:
        click.echo(render(diagnostics, fmt, sources, use_color(color)), nl=False, err=True)


def _stale_reason(path: Path, text: str, table: dict[str, object]) -> str | None:
    """Why the table on disk differs from a fresh compile, or None when it is current."""
    import json

    if not path.is_file():
        return f"{path} does not exist"
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path} cannot be read ({exc})"
    if current == text:
        return None
    try:
        old = json.loads(current)
    except ValueError:
        return f"{path} is not valid JSON"
    if not isinstance(old, dict):
        return f"{path} is not a modelcfg table"
    if old.get("content_hash") != table["content_hash"]:
        return f"settings changed: content_hash {old.get('content_hash')} → {table['content_hash']}"
    if old.get("environment") != table["environment"]:
        return f"environment changed: {old.get('environment')} → {table['environment']}"
    if old.get("sources") != table["sources"]:
        return "source layers changed (a file was added, removed or edited)"
    return "the file's formatting differs from what compile writes"


@click.command("compile")
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option("-e", "--env", help="Apply the overlays of this environment.")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override one value (repeatable).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Table file; `-` prints it. Default: PROJECT/build/modelcfg.lock.json.",
)
@click.option("--check", is_flag=True, help="Do not write; exit 1 if the table on disk is stale.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(REPORTERS)),
    default="text",
    show_default=True,
    help="How diagnostics are printed.",
)
@click.option("--color/--no-color", default=None, help="Color diagnostics (default: when on a terminal).")
def compile_command(
    project: Path,
    env: str | None,
    sets: tuple[str, ...],
    output: Path | None,
    check: bool,
    fmt: str,
    color: bool | None,
) -> None:
    """Compile PROJECT (a directory with modelcfg.yaml/.toml, or one file) into the runtime table.

    Layers, lowest first: extends/presets, root file, --env overlays, local file,
    MODELCFG__A__B=value environment variables, --set. Exit 0 ok, 1 invalid or stale, 2 usage.

    \b
    Examples:
      modelcfg compile examples --env production -o build/modelcfg.lock.json
      modelcfg compile --set providers.openai.settings.temperature=0.2 -o -
      modelcfg compile examples --env production --check
    """
    from modelcfg.compiler import compile_project
    from modelcfg.compiler.table import dumps, write_atomic

    result = compile_project(project, env=env, sets=sets)
    report(result, fmt, color)
    if result.usage_error:
        sys.exit(2)
    if not result.ok or result.table is None:
        sys.exit(1)
    text = dumps(result.table)
    if output is None:
        base = project if project.is_dir() else project.parent
        output = base / DEFAULT_OUTPUT
    if check:
        reason = _stale_reason(output, text, result.table)
        if reason is not None:
            click.echo(f"{output}: stale: {reason}", err=True)
            again = f"modelcfg compile {project}{f' --env {env}' if env else ''} -o {output}"
            click.echo(f"  run: {again}", err=True)
            sys.exit(1)
        click.echo(f"{output}: up to date", err=True)
        return
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    providers = len(result.table["body"]["providers"])
    click.echo(f"wrote {output} ({providers} providers, {result.table['content_hash'][:19]}…)", err=True)
