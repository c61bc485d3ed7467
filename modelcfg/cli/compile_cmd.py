"""`modelcfg compile`: layered configs → the frozen runtime table."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from modelcfg import __version__
from modelcfg.compiler.compile_cache import Entry, cache_disabled, invocation_key, lookup, remember

if TYPE_CHECKING:
    from modelcfg.compiler import Compilation

DEFAULT_OUTPUT = Path("build") / "modelcfg.lock.json"
#: `--format` choices: the keys of compiler.report.REPORTERS, spelled out so a cache hit skips
#: importing the reporters (and pydantic through the schema); a test keeps them equal.
FORMATS = ("text", "concise", "json", "sarif", "github")


def use_color(choice: bool | None) -> bool:
    """Color when asked, else when stderr is a terminal and NO_COLOR is unset."""
    if choice is not None:
        return choice
    return sys.stderr.isatty() and "NO_COLOR" not in os.environ


def rendered(compilation: "Compilation", fmt: str, color: bool | None) -> tuple[str, str]:
    """A compilation's diagnostics as (stdout, stderr): machine formats to stdout, text to stderr."""
    from modelcfg.compiler.report import render

    diagnostics, sources = compilation.diagnostics, compilation.sources
    if fmt in ("json", "sarif", "github"):
        return render(diagnostics, fmt, sources, False), ""
    if diagnostics:
        return "", render(diagnostics, fmt, sources, use_color(color))
    return "", ""


def report(compilation: "Compilation", fmt: str, color: bool | None) -> None:
    """Print a compilation's diagnostics: machine formats to stdout, text to stderr."""
    _echo_diagnostics(*rendered(compilation, fmt, color))


def _echo_diagnostics(stdout: str, stderr: str) -> None:
    if stdout:
        click.echo(stdout, nl=False)
    if stderr:
        click.echo(stderr, nl=False, err=True)


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
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="How diagnostics are printed.",
)
@click.option("--color/--no-color", default=None, help="Color diagnostics (default: when on a terminal).")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Always compile; do not read or write PROJECT/.modelcfg_cache (also MODELCFG_NO_CACHE=1).",
)
def compile_command(
    project: Path,
    env: str | None,
    sets: tuple[str, ...],
    output: Path | None,
    check: bool,
    fmt: str,
    color: bool | None,
    no_cache: bool,
) -> None:
    """Compile PROJECT (a directory with modelcfg.yaml/.toml, or one file) into the runtime table.

    Layers, lowest first: extends/presets, root file, --env overlays, local file,
    MODELCFG__A__B=value environment variables, --set. Exit 0 ok, 1 invalid or stale, 2 usage.

    \b
    Examples:
      modelcfg compile examples --env production -o build/modelcfg.lock.json
      modelcfg compile --set providers.openai.settings.temperature=0.2 -o -
      modelcfg compile examples --env production --check

    An unchanged project is answered from PROJECT/.modelcfg_cache without compiling.
    """
    base = project if project.is_dir() else project.parent
    colored = use_color(color)
    key = invocation_key(__version__, project, env, sets, f"{fmt}:{colored}")
    cached = not cache_disabled(no_cache, os.environ)
    entry = lookup(base, key, os.environ) if cached else None
    if entry is None:
        entry = _compile(project, env, sets, fmt, colored, base, key if cached else None)
    else:
        _echo_diagnostics(entry.stdout, entry.stderr)
    _deliver(entry.table, project, env, output or base / DEFAULT_OUTPUT, check)


def _compile(
    project: Path, env: str | None, sets: tuple[str, ...], fmt: str, color: bool, base: Path, key: str | None
) -> Entry:
    """Compile for real, print the diagnostics, exit on failure; cache a success under ``key``."""
    from modelcfg.compiler import compile_project
    from modelcfg.compiler.table import dumps

    result = compile_project(project, env=env, sets=sets)
    stdout, stderr = rendered(result, fmt, color)
    _echo_diagnostics(stdout, stderr)
    if result.usage_error:
        sys.exit(2)
    if not result.ok or result.table is None:
        sys.exit(1)
    entry = Entry(dumps(result.table), stdout, stderr)
    if key is not None:
        remember(base, key, entry, result, os.environ)
    return entry


def _deliver(text: str, project: Path, env: str | None, output: Path, check: bool) -> None:
    """Check, print or write the table text."""
    import json

    from modelcfg.compiler.atomic import write_atomic, write_error
    from modelcfg.compiler.staleness import stale_reason

    table = json.loads(text)
    if check:
        reason = stale_reason(output, text, table)
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
        click.echo(f"error: {write_error(output, exc)}", err=True)
        sys.exit(2)
    providers = len(table["body"]["providers"])
    click.echo(f"wrote {output} ({providers} providers, {table['content_hash'][:19]}…)", err=True)
