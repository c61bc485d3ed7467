"""`modelcfg diff`: compare effective settings between environments, files, tables or git revisions."""

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from .diagnostics import print_diagnostics, use_color
from .errors import fail
from .options import Command, color_option, format_option, project_option

if TYPE_CHECKING:
    from modelcfg.compiler.diff.inputs import CompileFailed

FORMATS = ("text", "json", "markdown")


@click.command("diff", cls=Command, renamed={"-C": ("-p",)})
@click.argument("inputs", nargs=-1, metavar="[A] [B]")
@click.option(
    "-e",
    "--env",
    "envs",
    multiple=True,
    metavar="NAME",
    help="Environment to compile; twice to compare two (--env staging --env production).",
)
@project_option
@format_option(FORMATS)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Jinja2 template for --format markdown (sandboxed; see docs/diff.md); needs --format markdown.",
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
@color_option
def diff_command(
    inputs: tuple[str, ...],
    envs: tuple[str, ...],
    project: Path | None,
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
    directories, config files, or compiled tables (.json). `-C PATH` still works
    for this release (deprecated; use -p).

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

    if template is not None and fmt != "markdown":
        fail("--template renders --format markdown; add `--format markdown`")
    try:
        old, new = resolve_sides(Request(inputs, envs, project or Path(".")))
    except InputProblem as exc:
        fail(str(exc))
    except CompileFailed as exc:
        _compile_failed(exc)
    result = diff_sides(old, new, only=only, ignore=ignore, lookup=catalog_lookup())
    painted = use_color(color, stdout=True)
    if fmt == "json":
        text = render_json(result)
    elif fmt == "markdown":
        from modelcfg.compiler.diff.markdown import TemplateProblem, markdown_of

        try:
            text = markdown_of(result, template=template, stat_only=stat)
        except TemplateProblem as exc:
            fail(str(exc))
    else:
        text = render_stat(result, color=painted) if stat else render_text(result, color=painted)
    click.echo(text, nl=False, color=painted)
    raise SystemExit(1 if exit_code and result.entries else 0)


def _compile_failed(exc: "CompileFailed") -> NoReturn:
    print_diagnostics(exc.diagnostics, exc.sources, None)
    fail(f"{exc.label} does not compile; fix the errors above")
