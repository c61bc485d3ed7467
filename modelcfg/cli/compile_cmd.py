"""`modelcfg compile`: layered configs → the frozen runtime table."""

import os
import sys
from pathlib import Path

import click

from modelcfg import __version__
from modelcfg.compiler.cached_compile import compile_cached

from .diagnostics import echo_outputs, use_color
from .errors import fail
from .options import (
    Command,
    chosen_project,
    color_option,
    env_option,
    format_option,
    output_option,
    project_option,
)

DEFAULT_OUTPUT = Path("build") / "modelcfg.lock.json"
#: `--format` choices: the keys of compiler.report.REPORTERS, spelled out so a cache hit skips
#: importing the reporters (and pydantic through the schema); a test keeps them equal.
FORMATS = ("text", "concise", "json", "sarif", "github")


@click.command("compile", cls=Command)
@project_option
@click.argument("positional", metavar="[PROJECT]", required=False, type=click.Path(path_type=Path))
@env_option
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override one value (repeatable).")
@output_option(default="PROJECT/build/modelcfg.lock.json")
@click.option("--check", is_flag=True, help="Do not write; exit 1 if the table on disk is stale.")
@format_option(FORMATS)
@color_option
@click.option(
    "--no-cache",
    is_flag=True,
    help="Always compile; do not read or write PROJECT/.modelcfg_cache (also MODELCFG_NO_CACHE=1).",
)
def compile_command(
    project: Path | None,
    positional: Path | None,
    env: str | None,
    sets: tuple[str, ...],
    output: Path | None,
    check: bool,
    fmt: str,
    color: bool | None,
    no_cache: bool,
) -> None:
    """Compile the project (a directory with modelcfg.yaml/.toml, or one file) into the runtime table.

    Layers, lowest first: extends/presets, root file, --env overlays, local file,
    MODELCFG__A__B=value environment variables, --set. Exit 0 ok, 1 invalid or stale, 2 usage.
    A positional PROJECT still works for this release (deprecated; use -p).

    \b
    Examples:
      modelcfg compile -p examples --env production -o build/modelcfg.lock.json
      modelcfg compile --set providers.openai.settings.temperature=0.2 -o -
      modelcfg compile -p examples --env production --check

    An unchanged project is answered from PROJECT/.modelcfg_cache without compiling.
    """
    root = chosen_project(project, positional, "compile")
    outcome = compile_cached(
        root,
        env,
        sets,
        fmt=fmt,
        color=use_color(color),
        version=__version__,
        environ=os.environ,
        no_cache=no_cache,
    )
    echo_outputs(outcome.stdout, outcome.stderr)
    if outcome.table is None:
        sys.exit(outcome.exit_code)
    base = root if root.is_dir() else root.parent
    _deliver(outcome.table, root, env, output or base / DEFAULT_OUTPUT, check)


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
            again = f"modelcfg compile -p {project}{f' --env {env}' if env else ''} -o {output}"
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
        fail(write_error(output, exc))
    providers = len(table["body"]["providers"])
    click.echo(f"wrote {output} ({providers} providers, {table['content_hash'][:19]}…)", err=True)
