"""`modelcfg diff`: compare effective settings between environments, files, tables or git revisions."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from modelcfg.compiler.diff.inputs import CompileFailed

FORMATS = ("text", "json", "markdown")


@click.command("diff")
@click.argument("inputs", nargs=-1, metavar="[A] [B]")
@click.option(
    "-e",
    "--env",
    "envs",
    multiple=True,
    metavar="NAME",
    help="Environment to compile; twice to compare two (--env staging --env production).",
)
@click.option(
    "-C",
    "--project",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project directory (or config file) for environments and git revisions.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Jinja2 template for --format markdown (sandboxed; see docs/diff.md).",
)
@click.option(
    "--only",
    multiple=True,
    metavar="GLOB",
    help="Keep only changes whose dotted path (or an ancestor) matches, e.g. 'providers.openai'.",
)
@click.option("--ignore", multiple=True, metavar="GLOB", help="Drop matching changes, e.g. '*.stop'.")
@click.option("--stat", is_flag=True, help="Only counts per provider and section.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences, 0 when none.")
@click.option("--color/--no-color", default=None, help="Color text (default: on a terminal).")
def diff_command(
    inputs: tuple[str, ...],
    envs: tuple[str, ...],
    project: Path,
    fmt: str,
    template: Path | None,
    only: tuple[str, ...],
    ignore: tuple[str, ...],
    stat: bool,
    exit_code: bool,
    color: bool | None,
) -> None:
    """Compare the effective, compiled settings of two sides.

    A and B are environment ranges (staging..production), git revisions
    (HEAD~1 = that revision vs the working tree; main..HEAD), project
    directories, config files, or compiled tables (.json).

    \b
    Examples:
      modelcfg diff --env staging --env production
      modelcfg diff staging..production --only 'providers.openai'
      modelcfg diff HEAD~1 --exit-code
      modelcfg diff main..HEAD --format markdown > comment.md
      modelcfg diff build/old.lock.json build/new.lock.json --format json
    """
    from modelcfg.compiler.diff import catalog_lookup, diff_sides, render_json, render_stat, render_text
    from modelcfg.compiler.diff.inputs import CompileFailed, InputProblem, Request, resolve_sides

    try:
        old, new = resolve_sides(Request(inputs, envs, project))
    except InputProblem as exc:
        _fail(str(exc))
    except CompileFailed as exc:
        _compile_failed(exc)
    result = diff_sides(old, new, only=only, ignore=ignore, lookup=catalog_lookup())
    painted = color if color is not None else sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if fmt == "json":
        text = render_json(result)
    elif fmt == "markdown":
        from modelcfg.compiler.diff.markdown import TemplateProblem, markdown_of

        try:
            text = markdown_of(result, template=template, stat_only=stat)
        except TemplateProblem as exc:
            _fail(str(exc))
    else:
        text = render_stat(result, color=painted) if stat else render_text(result, color=painted)
    click.echo(text, nl=False, color=painted)
    raise SystemExit(1 if exit_code and result.entries else 0)


def _fail(message: str) -> NoReturn:
    click.echo(f"modelcfg diff: error: {message}", err=True)
    raise SystemExit(2)


def _compile_failed(exc: "CompileFailed") -> NoReturn:
    from modelcfg.compiler.report import render

    color = sys.stderr.isatty() and "NO_COLOR" not in os.environ
    click.echo(render(exc.diagnostics, "text", exc.sources, color), err=True, nl=False, color=color)
    _fail(f"{exc.label} does not compile; fix the errors above")
