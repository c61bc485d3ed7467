"""Compiler spans (1-based, columns in characters) ↔ LSP ranges (0-based, columns in UTF-16 units)."""

from lsprotocol import types as lsp

from modelcfg.compiler import Span

__all__ = ["char_column", "span_range", "utf16_column"]


def utf16_column(line: str, column: int) -> int:
    """UTF-16 offset of character ``column`` (0-based) in ``line``."""
    head = line[:column]
    return len(head) + sum(1 for ch in head if ord(ch) > 0xFFFF)


def char_column(line: str, utf16: int) -> int:
    """Character offset (0-based) of UTF-16 offset ``utf16`` in ``line``."""
    units = 0
    for index, ch in enumerate(line):
        if units >= utf16:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
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
    return lsp.Range(lsp.Position(row, utf16_column(line, start)), lsp.Position(row, utf16_column(line, end)))
