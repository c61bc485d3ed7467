"""Which setting the cursor is on, read from the text itself so half-typed buffers still answer.

A parsed file knows exact positions (`path_at`); while a buffer does not parse, the indentation
of block YAML and the table headers of TOML are enough to tell the path (`cursor_at`).
"""

import re
from dataclasses import dataclass
from typing import Literal

from modelcfg.compiler.source import Path, Source

__all__ = ["Cursor", "cursor_at", "path_at"]

_YAML_LINE = re.compile(
    r"""^(?P<indent>[ ]*)(?P<dash>-[ ]+)?"""
    r"""(?:(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},:][^#:]*?)[ ]*:(?:[ ]|$))?"""
)
_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*=")
_WORD = re.compile(r"[\w\-./:$]*$")


@dataclass(frozen=True, slots=True)
class Cursor:
    """The place being edited: the path of the mapping it is in, the key there, and the word typed.

    On a key, ``key`` is the partial key; on a value, ``key`` names the setting (``path`` + key)
    and ``index`` is set inside a list item.
    """

    on: Literal["key", "value"]
    parent: Path
    key: str | int | None
    prefix: str
    start: int  # 0-based character column where ``prefix`` starts

    @property
    def path(self) -> Path:
        return self.parent if self.key is None else (*self.parent, self.key)


def _unquote(key: str) -> str:
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key


@dataclass
class _Entry:
    indent: int
    part: str | int
    kind: Literal["key", "item"]
    has_value: bool


def _yaml_stack(lines: list[str]) -> list[_Entry]:
    """The open mappings and list items after ``lines`` (block YAML only)."""
    stack: list[_Entry] = []
    last_item: dict[tuple[int, int], int] = {}  # (stack depth, indent) -> last index there
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("---"):
            continue
        match = _YAML_LINE.match(line)
        if match is None:
            continue
        indent = len(match["indent"])
        if match["dash"]:
            while stack and (
                stack[-1].indent > indent
                or (stack[-1].indent == indent and (stack[-1].kind == "item" or stack[-1].has_value))
            ):
                stack.pop()
            slot = (len(stack), indent)
            index = last_item.get(slot, -1) + 1
            last_item[slot] = index
            stack.append(_Entry(indent, index, "item", False))
            if match["key"] is not None:
                column = indent + len(match["dash"])
                rest = line[match.end() :].split("#", 1)[0].strip()
                stack.append(_Entry(column, _unquote(match["key"]), "key", bool(rest)))
            continue
        if match["key"] is None:
            continue
        while stack and stack[-1].indent >= indent:
            stack.pop()
        for slot in [s for s in last_item if s[0] > len(stack)]:
            del last_item[slot]
        rest = line[match.end() :].split("#", 1)[0].strip()
        stack.append(_Entry(indent, _unquote(match["key"]), "key", bool(rest)))
    return stack


def _yaml_cursor(lines: list[str], row: int, column: int) -> Cursor:
    line = lines[row] if row < len(lines) else ""
    before = line[:column]
    found = _WORD.search(before)
    word = found.group(0) if found else ""
    start = column - len(word)
    match = _YAML_LINE.match(line)
    indent = len(line) - len(line.lstrip(" ")) if line.strip() else len(before)
    if match is not None and match["dash"]:
        stack = _yaml_stack([*lines[:row], line[:indent] + "- x"])
        if match["key"] is None:  # a plain list item: its value is being written
            return Cursor("value", tuple(e.part for e in stack[:-1]), stack[-1].part, word, start)
    else:
        stack = _yaml_stack([*lines[:row], " " * indent + "x:"])[:-1]
    parent = tuple(e.part for e in stack)
    if match is not None and match["key"] is not None and column >= match.end():
        return Cursor("value", parent, _unquote(match["key"]), word, start)
    return Cursor("key", parent, word or None, word, start)


def _toml_cursor(lines: list[str], row: int, column: int) -> Cursor:
    table: Path = ()
    counts: dict[str, int] = {}
    for line in lines[:row]:
        header = _TOML_HEADER.match(line)
        if header is None:
            continue
        parts = tuple(_unquote(p.strip()) for p in header[2].split("."))
        if header[1] == "[[":
            counts[header[2]] = counts.get(header[2], -1) + 1
            table = (*parts, counts[header[2]])
        else:
            table = parts
    line = lines[row] if row < len(lines) else ""
    before = line[:column]
    prefix = _WORD.search(before)
    word = prefix.group(0) if prefix else ""
    start = column - len(word)
    key = _TOML_KEY.match(line)
    if key is not None and column > key.end() - 1:
        parts = tuple(_unquote(p.strip()) for p in key[1].split("."))
        return Cursor("value", (*table, *parts[:-1]), parts[-1], word, start)
    return Cursor("key", table, word or None, word, start)


def cursor_at(text: str, label: str, row: int, column: int) -> Cursor:
    """What the cursor at 0-based ``row``/``column`` (characters) is on in a YAML or TOML text."""
    lines = text.splitlines()
    if label.endswith(".toml"):
        return _toml_cursor(lines, row, column)
    return _yaml_cursor(lines, row, column)


def path_at(source: Source, line: int, column: int) -> tuple[Path, bool] | None:
    """The deepest path written at 1-based ``line``/``column`` in a parsed file, and whether on its key."""
    best: tuple[Path, bool] | None = None
    for path, (kl, kc, vl, vc, el, ec) in source.positions.items():
        if not path:
            continue
        width = len(str(path[-1])) if isinstance(path[-1], str) else 1
        on_key = kl == line and kc <= column < kc + width and isinstance(path[-1], str)
        on_value = (vl, vc) <= (line, column) <= (el, ec)
        if (on_key or on_value) and (best is None or len(path) > len(best[0])):
            best = (path, on_key)
    return best
