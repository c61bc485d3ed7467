"""Reading a `modelcfg bench` cases file with the project's YAML loader.

The file is a mapping (`cases:`) or a bare list of cases. Every problem is a `CasesError`
whose message names `file:line:col` (or the file) and what to do; checking each case's keys
is the runtime's `parse_cases`.
"""

from dataclasses import replace
from pathlib import Path
from typing import Any

from .load import MAX_BYTES, LoadError, decode, parse
from .regular_file import FileTooLarge, NotRegularFile, read_regular


class CasesError(ValueError):
    """A cases file that cannot be read or parsed; the message is the one line to show."""


def read_cases(path: Path) -> Any:
    """The cases file as plain values (a list of cases, or a mapping holding `cases:`)."""
    try:
        return _tree(path)
    except OSError as exc:
        raise CasesError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except LoadError as exc:
        d = exc.diagnostic
        hint = f"; {d.hint}" if d.hint else ""
        raise CasesError(f"{d.span.file}:{d.span.line}:{d.span.column}: {d.message}{hint}") from None


def _tree(path: Path) -> Any:
    """The project's loader wants a mapping at the root, so a bare list is read as the value of a
    `cases:` key, one line down and two columns in; positions are shifted back in errors."""
    label = str(path)
    data = _read_regular(path)
    try:
        return parse(label, data).tree
    except LoadError as exc:
        if exc.diagnostic.code != "MC013":  # not "the root is not a mapping"
            raise
    text = decode(label, data)
    wrapped = "cases:\n" + "".join("  " + line for line in text.splitlines(keepends=True))
    try:
        return parse(label, wrapped.encode("utf-8")).tree["cases"]
    except LoadError as exc:
        s = exc.diagnostic.span
        span = replace(
            s,
            line=_back(s.line, 1),
            column=_back(s.column, 2),
            end_line=_back(s.end_line, 1),
            end_column=_back(s.end_column, 2),
        )
        raise LoadError(replace(exc.diagnostic, span=span)) from None


def _back(n: int | None, by: int) -> Any:
    return None if n is None else max(n - by, 1)


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, device or directory is refused before it can block."""
    try:
        return read_regular(path, MAX_BYTES)
    except NotRegularFile:
        problem = "not a regular file (a pipe, device or directory); give a YAML file"
    except FileTooLarge:
        problem = f"over the {MAX_BYTES // (1024 * 1024)} MiB limit for a cases file"
    raise CasesError(f"{path}: {problem}")
