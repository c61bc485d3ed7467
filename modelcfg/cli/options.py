"""The flags every command spells the same way (docs/cli.md), each defined once here.

project `-p/--project PATH`, format `-f/--format FORMAT`, output `-o/--output FILE`, colour
`--color/--no-color`, table `--table FILE`. Spellings from before these conventions still work
for one release: `Command` rewrites them, with a warning naming the new spelling.
"""

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import deprecated, fail

F = TypeVar("F", bound=Callable[..., Any])

PROJECT_HELP = "Project directory or config file (default: the current directory)."
ENV_HELP = "Compile with the overlays of this environment."
COLOR_HELP = "Color the output (default: when on a terminal, unless NO_COLOR is set)."
TABLE_HELP = "Read this compiled table instead of compiling the project."


def project_option(function: F) -> F:
    """`-p/--project PATH`: the project a command reads."""
    option = click.option(
        "-p", "--project", type=click.Path(path_type=Path), metavar="PATH", default=None, help=PROJECT_HELP
    )
    return option(function)


def env_option(function: F) -> F:
    """`-e/--env NAME`: the environment whose overlays apply."""
    return click.option("-e", "--env", metavar="NAME", help=ENV_HELP)(function)


def format_option(choices: Sequence[str], default: str = "text") -> Callable[[F], F]:
    """`-f/--format FORMAT`: how the command's output is printed."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        metavar="FORMAT",
        help=f"Output format: {', '.join(choices)}.",
    )


def output_option(default: str = "standard output", dash: bool = True) -> Callable[[F], F]:
    """`-o/--output FILE`: the file the command writes (``dash``: `-` is standard output)."""
    stdout = "`-` is standard output; " if dash else ""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help=f"Write to FILE ({stdout}default: {default}).",
    )


def color_option(function: F) -> F:
    """`--color/--no-color`, unset meaning: when on a terminal, unless NO_COLOR."""
    return click.option("--color/--no-color", default=None, help=COLOR_HELP)(function)


def table_option(function: F) -> F:
    """`--table FILE`: a compiled table to read instead of compiling the project."""
    option = click.option(
        "--table",
        "table_path",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help=TABLE_HELP,
    )
    return option(function)


def chosen_project(option: Path | None, positional: Path | None, command: str) -> Path:
    """The project from `-p`, or from the deprecated positional PROJECT (with a warning)."""
    if positional is not None and option is not None:
        fail(f"give the project once, as `-p PATH` (got {positional} and {option})")
    if positional is not None:
        deprecated(f"modelcfg {command} PROJECT", f"modelcfg {command} -p PROJECT")
        return positional
    return option if option is not None else Path(".")


class Command(click.Command):
    """A click command that rewrites deprecated option spellings (``renamed``) before parsing."""

    def __init__(self, *args: Any, renamed: Mapping[str, Sequence[str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renamed: Mapping[str, Sequence[str]] = renamed or {}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, rewrite(args, self.renamed, ctx.command_path))


def rewrite(args: Sequence[str], renamed: Mapping[str, Sequence[str]], command_path: str) -> list[str]:
    """``args`` with each deprecated option replaced by its new spelling, warning once per option."""
    out: list[str] = []
    warned: set[str] = set()
    for index, token in enumerate(args):
        if token == "--":
            return out + list(args[index:])
        name, eq, value = token.partition("=")
        if len(name) > 2 and name[:2] in renamed and not name.startswith("--"):  # `-Cdir`
            name, eq, value = name[:2], "=", token[2:]
        new = renamed.get(name) if token.startswith("-") else None
        if new is None:
            out.append(token)
            continue
        if name not in warned:
            warned.add(name)
            deprecated(f"{command_path} {name}", f"{command_path} {' '.join(new)}")
        out += [*new, value] if eq else list(new)
    return out
