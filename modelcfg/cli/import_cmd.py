"""`modelcfg import`: turn a LiteLLM proxy config or elizaOS settings into a modelcfg project."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .diagnostics import use_color
from .errors import fail
from .options import Command, color_option, format_option

if TYPE_CHECKING:
    from modelcfg.compiler.interop.imported import ImportResult

FORMATS = ("litellm", "eliza")
#: The editor hint of a printed project: the schema copy `-p`/`init` write next to it, and how to make it.
PRINTED_HINT = (
    "# yaml-language-server: $schema=.modelcfg/modelcfg.schema.json\n"
    "# write that schema next to this file: modelcfg schema -o .modelcfg/modelcfg.schema.json\n"
)


@click.command("import", cls=Command, renamed={"-o": ("-p",), "--output": ("--project",)})
@click.argument("source", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-p",
    "--project",
    "out_dir",
    type=click.Path(file_okay=False),
    metavar="PATH",
    help="Project directory to write (default: print the project).",
)
@format_option(("text", "concise", "json"), default="concise")
@color_option
@click.option("--force", is_flag=True, help="Overwrite the project already in the -p directory.")
def import_command(
    source: str, files: tuple[str, ...], out_dir: str | None, fmt: str, color: bool | None, force: bool
) -> None:
    """Import a LiteLLM proxy config.yaml, or an elizaOS character JSON and/or .env (current
    plugin names like OPENAI_SMALL_MODEL and the older SMALL_OPENAI_MODEL style), as a
    modelcfg project (modelcfg.yaml with the editor hint).

    Every input key lands in the project or is reported at FILE:LINE:COL with the reason.
    Literal API keys are never copied: the project names a variable, and the command says
    which one to set. Without -p the project is printed; -p refuses a directory that already
    holds a project unless --force; `-o DIR` still works for this release (deprecated; use -p).
    Exit status: 0 imported, 1 imported with keys left behind (warnings) or nothing importable,
    2 unreadable input.

    \b
    Examples:
      modelcfg import litellm proxy/config.yaml -p modelcfg-project
      modelcfg import eliza characters/trader.character.json .env -p agent-config
    """
    target = Path(out_dir) if out_dir is not None else None
    sys.exit(_run(source, [Path(f) for f in files], target, fmt, color, force))


def _run(
    fmt: str, files: list[Path], out_dir: Path | None, report_fmt: str, color: bool | None, force: bool
) -> int:
    from modelcfg.compiler import compile_project
    from modelcfg.compiler.diagnostic import Severity
    from modelcfg.compiler.interop.import_eliza import import_eliza
    from modelcfg.compiler.interop.import_litellm import import_litellm
    from modelcfg.compiler.interop.imported import UNREADABLE, dump_project, existing_project, write_project
    from modelcfg.compiler.report import render

    existing = existing_project(out_dir) if out_dir is not None else None
    if existing is not None and not force:
        fail(f"{existing} already exists: import into an empty directory, or pass --force to overwrite")
    if existing is not None and existing.name != "modelcfg.yaml":
        fail(
            f"{existing} would stay next to the imported modelcfg.yaml (two project files): "
            "remove it first, or import into another directory"
        )
    result = import_litellm(files) if fmt == "litellm" else import_eliza(files)
    diagnostics = result.sorted_diagnostics()
    painted = use_color(color)
    if diagnostics:
        click.echo(render(diagnostics, report_fmt, result.sources, painted), err=True, nl=False)
    if any(d.code == UNREADABLE for d in diagnostics):
        return 2
    for secret in result.secrets:
        click.echo(
            f"set {secret.variable}: the input held a literal key ({secret.masked}) at {secret.span}",
            err=True,
        )
    if not result.document.get("providers"):
        fail("nothing to import: no provider settings found", 1)
    if out_dir is None:
        click.echo(dump_project(result.document, PRINTED_HINT), nl=False)
        if not _compiles(result, report_fmt, painted):
            return 1
    else:
        try:
            target = write_project(result, out_dir)
        except OSError as exc:
            fail(f"cannot write {out_dir}: {exc.strerror or exc}")
        compilation = compile_project(out_dir)
        if not compilation.ok:  # a value the source tool accepted but modelcfg's schema refuses
            click.echo(
                render(list(compilation.diagnostics), report_fmt, compilation.sources, painted), err=True
            )
            click.echo(f"wrote {target}, which does not compile yet: fix the values above", err=True)
            return 1
        click.echo(f"wrote {target}; check it with `modelcfg lint {out_dir}`", err=True)
    return (
        1 if any(d.severity == Severity.WARNING or d.severity == Severity.ERROR for d in diagnostics) else 0
    )


def _compiles(result: "ImportResult", report_fmt: str, use_color: bool) -> bool:
    """Compile the printed project in a scratch directory: an import never passes a project that
    does not compile (a value the source tool accepted but modelcfg's schema refuses)."""
    import tempfile

    from modelcfg.compiler import compile_project
    from modelcfg.compiler.interop.imported import write_project
    from modelcfg.compiler.report import render

    with tempfile.TemporaryDirectory(prefix="modelcfg-import-") as scratch:
        write_project(result, Path(scratch))
        compilation = compile_project(scratch)
        if compilation.ok:
            return True
        click.echo(
            render(list(compilation.diagnostics), report_fmt, compilation.sources, use_color), err=True
        )
    click.echo("the printed project does not compile yet: fix the values above", err=True)
    return False
