"""Compiler spans (1-based, columns in characters) ↔ LSP ranges (0-based, columns in the client's units).

LSP columns count UTF-16 code units unless the client and server agreed on UTF-8 or UTF-32 at
initialize; the server process talks to one client, so the agreed encoding is set once here.
"""

from lsprotocol import types as lsp

from modelcfg.compiler import Span

__all__ = ["char_column", "client_column", "span_range", "use_encoding"]

_encoding = {"name": "utf-16"}


def use_encoding(name: str) -> None:
    """Count columns in ``name`` (`utf-8`, `utf-16` or `utf-32`) from now on."""
    _encoding["name"] = name if name in ("utf-8", "utf-16", "utf-32") else "utf-16"


def _width(ch: str) -> int:
    name = _encoding["name"]
    if name == "utf-32":
        return 1
    if name == "utf-8":
        return len(ch.encode("utf-8"))
    return 2 if ord(ch) > 0xFFFF else 1


def client_column(line: str, column: int) -> int:
    """The client's offset of character ``column`` (0-based) in ``line``."""
    head = line[:column]
    return len(head) if head.isascii() else sum(_width(ch) for ch in head)


def char_column(line: str, units: int) -> int:
    """Character offset (0-based) of the client's offset ``units`` in ``line``."""
    if line.isascii():
        return min(units, len(line))
    count = 0
    for index, ch in enumerate(line):
        if count >= units:
            return index
        count += _width(ch)
    return len(line)


def _line(lines: list[str], number: int) -> str:
    return lines[number] if 0 <= number < len(lines) else ""


def span_range(span: Span, lines: list[str]) -> lsp.Range:
    """The range `modelcfg lint` underlines for ``span``: to its end on the same line, else to line end.

    ``lines`` is the file's text split into lines; a file-level span (line 0) is the file's start.
    """
    if span.line <= 0:
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    row = span.line - 1
    line = _line(lines, row)
    start = max(span.column, 1) - 1
    if span.end_line == span.line and span.end_column and span.end_column - 1 > start:
        end = span.end_column - 1
    else:
        end = max(len(line.rstrip()), start + 1)
    return lsp.Range(
        lsp.Position(row, client_column(line, start)), lsp.Position(row, client_column(line, end))
    )
