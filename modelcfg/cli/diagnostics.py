"""Printing diagnostics the one way every command does: text to stderr, colored on a terminal."""

import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from .errors import fail

if TYPE_CHECKING:
    from modelcfg.compiler import Compilation, Diagnostic
    from modelcfg.compiler.table_source import TableSource


def use_color(choice: bool | None, *, stdout: bool = False) -> bool:
    """Color when asked, else when the stream is a terminal and NO_COLOR is unset."""
    if choice is not None:
        return choice
    stream = sys.stdout if stdout else sys.stderr
    return stream.isatty() and "NO_COLOR" not in os.environ


def echo_outputs(stdout: str, stderr: str) -> None:
    """Print already rendered output: ``stdout`` to standard output, ``stderr`` to standard error."""
    if stdout:
        click.echo(stdout, nl=False)
    if stderr:
        click.echo(stderr, nl=False, err=True)


def print_diagnostics(
    diagnostics: Sequence["Diagnostic"], sources: Mapping[str, str], color: bool | None, fmt: str = "text"
) -> None:
    """Render ``diagnostics`` (if any) on stderr."""
    if not diagnostics:
        return
    from modelcfg.compiler.report import render

    click.echo(render(list(diagnostics), fmt, sources, use_color(color)), err=True, nl=False)


def report(compilation: "Compilation", fmt: str, color: bool | None) -> None:
    """Print a compilation's diagnostics: machine formats to stdout, text to stderr."""
    from modelcfg.compiler.cached_compile import rendered

    echo_outputs(*rendered(compilation, fmt, use_color(color)))


def table_or_exit(source: "TableSource", color: bool | None, warnings: bool = True) -> dict[str, Any]:
    """The envelope of ``source``; else print why there is none and exit (1 invalid, 2 usage)."""
    if source.problem is not None:
        fail(source.problem, source.exit_code)
    if warnings or source.envelope is None:
        print_diagnostics(source.diagnostics, source.sources, color)
    if source.envelope is None:
        sys.exit(source.exit_code)
    return source.envelope
