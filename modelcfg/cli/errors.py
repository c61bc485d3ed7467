"""The one style every command reports a problem in: `error: …` (and `warning: …`) on stderr.

ruff and git print `error: <what went wrong>` with no program prefix and no traceback; so do
we, for our own checks and for click's usage errors alike (see `render_click_error`).
"""

from typing import NoReturn

import click

#: Exit codes, the same for every command (docs/cli.md).
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print `error: message` on stderr and exit with ``code`` (2, usage or unreadable input)."""
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def warn(message: str) -> None:
    """Print `warning: message` on stderr."""
    click.echo(f"warning: {message}", err=True)


def deprecated(old: str, new: str) -> None:
    """Say that ``old`` still works for this release and that ``new`` replaces it."""
    warn(f"`{old}` is deprecated and will be removed in the next release; use `{new}`")


def render_click_error(exc: click.ClickException) -> str:
    """A click usage error in our style, with a pointer to the command's help."""
    lines = [f"error: {exc.format_message()}"]
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        lines.append(f"hint: see `{ctx.command_path} --help`")
    return "\n".join(lines)
