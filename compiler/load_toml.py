"""TOML files → positioned trees: tomllib for values, a light line scan for positions.

tomllib reports no positions, so table headers, `key =` lines and the keys of
one-line inline tables are found by scanning the text; anything else maps to its
nearest written ancestor. Nesting is bounded before tomllib reads the text (it
recurses once per array or inline table), and integers to TOML's 64 bits.
"""

import math
import re
import tomllib
from typing import Any

from .load import MAX_DEPTH
from .source import LoadError, Path, Pos, Source, load_error

__all__ = ["parse_toml"]

_TOML_ERR_RE = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER_RE = re.compile(r"\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
_KEY_RE = re.compile(rf"\s*((?:{_PART})(?:\s*\.\s*(?:{_PART}))*)\s*=\s*")
_PART_RE = re.compile(_PART)
_INT64 = range(-(2**63), 2**63)
#: Strings and comments, which the nesting and integer scans step over.
_SKIP = r'''"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|#[^\n]*'''
_ONE_LINE_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'"""
#: A dotted key of more than MAX_DEPTH parts (tomllib takes time quadratic in its length).
_LONG_KEY = rf"(?:{_ONE_LINE_PART})(?:[ \t]*\.[ \t]*(?:{_ONE_LINE_PART})){{{MAX_DEPTH}}}"
_SKIP_RE = re.compile(_SKIP, re.DOTALL)
#: The same in text whose strings are blanked to `""`, searched from each dot (a fast literal).
_BARE_PART = r'(?:[A-Za-z0-9_-]+|"")'
_LONG_KEY_RE = re.compile(rf"\.[ \t]*{_BARE_PART}(?:[ \t]*\.[ \t]*{_BARE_PART}){{{MAX_DEPTH - 1}}}")
_NON_BRACKET_RE = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_NESTING_RE = re.compile(
    rf"(?P<key>{_LONG_KEY})|{_SKIP}|[A-Za-z0-9_-]+|(?P<open>[\[{{])|(?P<close>[\]}}])", re.DOTALL
)
_LONG_INT_RE = re.compile(rf"{_SKIP}|(?<![0-9_])(?P<int>[+-]?[0-9][0-9_]{{99,}})", re.DOTALL)


def parse_toml(label: str, text: str) -> Source:
    _check_nesting(label, text)
    try:
        tree = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_ERR_RE.search(str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (text.count("\n") + 1, 1)
        message = _TOML_ERR_RE.sub("", str(exc)).strip()
        raise load_error(
            "MC001", label, line, column, f"TOML syntax error: {message[:1].lower()}{message[1:]}"
        ) from None
    except ValueError:  # an integer over Python's int-string limit (sys.get_int_max_str_digits)
        raise _long_integer(label, text) from None
    source = Source(label, text, {}, _toml_positions(label, text))
    return Source(label, text, _plain_toml(source, tree, ()), source.positions)


def _plain_toml(source: Source, value: Any, path: Path) -> Any:
    """TOML values as JSON-like values; dates, non-finite floats and deep nesting are refused."""
    if isinstance(value, dict | list) and len(path) >= MAX_DEPTH:
        span = source.span(path)
        message = f"nesting deeper than {MAX_DEPTH} levels"
        raise load_error("MC005", source.label, span.line, span.column, message)
    elif isinstance(value, dict):
        return {k: _plain_toml(source, v, (*path, k)) for k, v in value.items()}
    elif isinstance(value, list):
        return [_plain_toml(source, v, (*path, i)) for i, v in enumerate(value)]
    elif isinstance(value, float) and not math.isfinite(value):
        code, problem = "MC012", "is not a finite number"
    elif isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        code, problem = "MC012", "is outside TOML's 64-bit integer range"
    elif not isinstance(value, str | int | float | bool):
        code, problem = "MC012", "is a TOML date/time; write it as a quoted string"
    else:
        return value
    span = source.span(path)
    raise load_error(code, source.label, span.line, span.column, f"`{_dotted_text(path)}` {problem}")


def _dotted_text(path: Path) -> str:
    text = ".".join(map(str, path))
    return text if len(text) <= 60 else text[:60] + "…"


def _check_nesting(label: str, text: str) -> None:
    """Refuse arrays and inline tables nested deeper than MAX_DEPTH, and dotted keys longer:
    tomllib would recurse, or take quadratic time, on them. A quick pass over the text with
    strings and comments blanked decides; only a file it refuses is scanned for the place."""
    bare = _SKIP_RE.sub('""', text)
    depth = 0
    for char in _NON_BRACKET_RE.sub("", bare):
        depth = max(0, depth + _DEPTH_STEP[char])
        if depth > MAX_DEPTH:
            break
    if depth > MAX_DEPTH or _LONG_KEY_RE.search(bare):
        line, column = _too_deep_at(text)
        raise load_error("MC005", label, line, column, f"nesting deeper than {MAX_DEPTH} levels")


def _too_deep_at(text: str) -> tuple[int, int]:
    """Line and column of the bracket or dotted key that nests too deep."""
    depth = 0
    for token in _NESTING_RE.finditer(text):
        if token.group("open") is not None:
            depth += 1
        elif token.group("close") is not None:
            depth = max(0, depth - 1)
        if depth > MAX_DEPTH or token.group("key") is not None:
            return _line_column(text, token.start())
    return 1, 1


def _long_integer(label: str, text: str) -> LoadError:
    """The error for an integer too long for Python to read, at the first such integer."""
    for token in _LONG_INT_RE.finditer(text):
        number = token.group("int")
        if number is not None:
            line, column = _line_column(text, token.start())
            digits = len(number) - number.count("_") - (number[0] in "+-")
            message = f"`{number[:12]}…` is an integer of {digits} digits, outside TOML's 64-bit range"
            return load_error("MC012", label, line, column, message)
    return load_error("MC012", label, 1, 1, "an integer is too long to read")


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _unquote(part: str) -> str:
    if part.startswith('"'):
        return str(tomllib.loads(f"k = {part}")["k"])
    if part.startswith("'"):
        return part[1:-1]
    return part


def _dotted(text: str) -> Path:
    return tuple(_unquote(p) for p in _PART_RE.findall(text))


def _toml_positions(label: str, text: str) -> dict[Path, Pos]:
    """Positions of table headers and `key =` lines (a light scan; inline tables map to their key).

    A header or key nesting deeper than MAX_DEPTH is refused where it is written."""
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
            _check_path_depth(label, path, number, column)
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
        _check_path_depth(label, path, number, key_col)
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


def _check_path_depth(label: str, path: Path, line: int, column: int) -> None:
    if len(path) > MAX_DEPTH:
        raise load_error("MC005", label, line, column, f"nesting deeper than {MAX_DEPTH} levels")


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
                if len(pending) > MAX_DEPTH:  # _plain_toml refuses it at the nearest position kept
                    return
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
