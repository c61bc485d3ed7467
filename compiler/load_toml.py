"""TOML files → positioned trees: tomllib for values, a light line scan for positions.

tomllib reports no positions, so table headers, `key =` lines and the keys of
one-line inline tables are found by scanning the text; anything else maps to its
nearest written ancestor.
"""

import math
import re
import tomllib
from typing import Any

from .source import Path, Pos, Source, load_error

__all__ = ["parse_toml"]

_TOML_ERR_RE = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER_RE = re.compile(r"\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
_KEY_RE = re.compile(rf"\s*((?:{_PART})(?:\s*\.\s*(?:{_PART}))*)\s*=\s*")
_PART_RE = re.compile(_PART)


def parse_toml(label: str, text: str) -> Source:
    try:
        tree = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_ERR_RE.search(str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (text.count("\n") + 1, 1)
        message = _TOML_ERR_RE.sub("", str(exc)).strip()
        raise load_error(
            "MC001", label, line, column, f"TOML syntax error: {message[:1].lower()}{message[1:]}"
        ) from None
    source = Source(label, text, {}, _toml_positions(text))
    return Source(label, text, _plain_toml(source, tree, ()), source.positions)


def _plain_toml(source: Source, value: Any, path: Path) -> Any:
    """TOML values as JSON-like values; dates and non-finite floats are refused."""
    if isinstance(value, dict):
        return {k: _plain_toml(source, v, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_toml(source, v, (*path, i)) for i, v in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        problem = "is not a finite number"
    elif not isinstance(value, str | int | float | bool):
        problem = "is a TOML date/time; write it as a quoted string"
    else:
        return value
    span = source.span(path)
    raise load_error("MC012", source.label, span.line, span.column, f"`{'.'.join(map(str, path))}` {problem}")


def _unquote(part: str) -> str:
    if part.startswith('"'):
        return str(tomllib.loads(f"k = {part}")["k"])
    if part.startswith("'"):
        return part[1:-1]
    return part


def _dotted(text: str) -> Path:
    return tuple(_unquote(p) for p in _PART_RE.findall(text))


def _toml_positions(text: str) -> dict[Path, Pos]:
    """Positions of table headers and `key =` lines (a light scan; inline tables map to their key)."""
    positions: dict[Path, Pos] = {(): (1, 1, 1, 1, 1, 1)}
    table: Path = ()
    counts: dict[Path, int] = {}
    in_string: str | None = None
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth = max(0, depth + _bracket_balance(line))
            continue
        header = _HEADER_RE.match(line)
        if header and not _KEY_RE.match(line):
            path = _dotted(header.group(2))
            column = line.index(header.group(1)) + 1
            if header.group(1) == "[[":
                index = counts.get(path, 0)
                counts[path] = index + 1
                for cut in range(1, len(path)):
                    positions.setdefault(path[:cut], (number, column, number, column, number, column))
                positions.setdefault(path, (number, column, number, column, number, column))
                path = (*path, index)
            table = path
            for cut in range(1, len(path) + 1):
                positions.setdefault(path[:cut], (number, column, number, column, number, len(line) + 1))
            continue
        key = _KEY_RE.match(line)
        if key is None:
            continue
        parts = _dotted(key.group(1))
        path = (*table, *parts)
        key_col = len(line) - len(line.lstrip()) + 1
        value_col = key.end() + 1
        for cut in range(len(table) + 1, len(path)):
            positions.setdefault(path[:cut], (number, key_col, number, key_col, number, len(line) + 1))
        positions[path] = (number, key_col, number, value_col, number, len(line.rstrip()) + 1)
        rest = line[key.end() :]
        for quote in ('"""', "'''"):
            if rest.startswith(quote) and rest.count(quote) == 1:
                in_string = quote
        if rest.startswith("["):
            depth = max(0, _bracket_balance(rest))
        elif rest.startswith("{"):
            _inline_positions(line, key.end(), path, number, positions)
    return positions


_STRING_RE = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")
_SCALAR_RE = re.compile(r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^,}\]\s#])*""")


def _inline_positions(line: str, start: int, path: Path, number: int, positions: dict[Path, Pos]) -> None:
    """Positions of the keys in a one-line inline table, `settings = { temperature = 0.5 }`."""
    owners: list[Path] = []
    pending = path
    index = start
    while index < len(line):
        char = line[index]
        if char in "\"'":
            string = _STRING_RE.match(line, index)
            index = string.end() if string else len(line)
            continue
        if char == "[":
            index += 1 + _array_length(line[index + 1 :])
            continue
        if char == "#":
            return
        if char == "}":
            owners.pop()
            if not owners:
                return
        if char == "{" or (char == "," and owners):
            if char == "{":
                owners.append(pending)
            key = _KEY_RE.match(line, index + 1)
            if key is not None:
                pending = (*owners[-1], *_dotted(key.group(1)))
                for cut in range(len(owners[-1]) + 1, len(pending)):
                    positions.setdefault(pending[:cut], (number, key.start(1) + 1) * 3)
                if line.startswith("[", key.end()):
                    end = key.end() + 1 + _array_length(line[key.end() + 1 :])
                else:
                    scalar = _SCALAR_RE.match(line, key.end())
                    end = scalar.end() if scalar is not None and scalar.end() > key.end() else key.end() + 1
                positions[pending] = (number, key.start(1) + 1, number, key.end() + 1, number, end + 1)
                index = key.end()
                continue
        index += 1


def _array_length(text: str) -> int:
    """Characters up to and including the `]` closing an array that started just before ``text``."""
    depth = 1
    index = 0
    while index < len(text) and depth:
        char = text[index]
        if char in "\"'":
            string = _STRING_RE.match(text, index)
            index = string.end() if string else len(text)
            continue
        depth += {"[": 1, "]": -1}.get(char, 0)
        index += 1
    return index


def _bracket_balance(text: str) -> int:
    stripped = re.sub(r""""(?:[^"\\]|\\.)*"|'[^']*'|#.*""", "", text)
    return stripped.count("[") + stripped.count("{") - stripped.count("]") - stripped.count("}")
