"""Files → positioned trees: YAML 1.2 (ruamel.yaml's parsers) and TOML (tomllib).

A `Source` is one parsed file: a tree of plain values (dict, list, str, int,
float, bool, None) and `positions`, a flat dict from a path to where it was
written. YAML is built straight from the parser's event stream (no node graph,
no recursion), which is both faster than ruamel's own loader and lets us bound
depth and alias expansion as we go; `yaml_events` picks the parser (libyaml,
or ruamel's pure-Python one where libyaml fails). Foreign errors become `LoadError`.
"""

import math
from collections.abc import Iterator
from typing import Any, cast

from .source import LoadError, Path, Pos, Source, child, load_error, value_at
from .yaml_events import AnchorMarks, read_events
from .yaml_scalars import CORE, CORE_TAGS, ScalarError, plain, tagged

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "LoadError",
    "Path",
    "Pos",
    "Source",
    "child",
    "decode",
    "parse",
    "parse_value",
    "value_at",
]

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_NODES = 100_000


def decode(label: str, data: bytes) -> str:
    """UTF-8 text of a file, refusing oversized or non-UTF-8 input."""
    if len(data) > MAX_BYTES:
        raise load_error(
            "MC006",
            label,
            1,
            1,
            f"file is {len(data) // 1024} KiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit",
            "split it into layers with `extends`",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise load_error(
            "MC007",
            label,
            line,
            column,
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x})",
            "save it as UTF-8",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise load_error("MC007", label, line, 1, "file contains a NUL character", "save it as UTF-8 text")
    return text


def parse(label: str, data: bytes) -> Source:
    """Parse a YAML or TOML file (chosen by its extension) into a positioned tree."""
    text = decode(label, data)
    if label.endswith(".toml"):
        from .load_toml import parse_toml  # tomllib only for TOML projects

        return parse_toml(label, text)
    return _parse_yaml(label, text)


# --- YAML ---------------------------------------------------------------------------------------


class _Frame:
    """A collection being built: its value, path, and (for maps) the key awaiting a value."""

    __slots__ = ("anchor", "container", "key", "key_mark", "merges", "path", "slot")

    def __init__(self, container: Any, path: Path, anchor: str | None, slot: int) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.slot = slot
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.merges: list[tuple[Any, Any]] = []


def _parse_yaml(label: str, text: str) -> Source:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return read_events(text, lambda events, marks: _Builder(label, text, marks).build(events))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise load_error("MC001", label, line, column, f"YAML syntax error: {problem}") from None
    except YAMLError as exc:
        raise load_error("MC001", label, 1, 1, f"YAML error: {str(exc).splitlines()[0]}") from None


class _Builder:
    """Builds plain values from parser events, recording a position per path.

    Positions go to a list in document order, so the entries of an anchored
    collection are one contiguous slice that an alias can copy under its own path.
    """

    def __init__(self, label: str, text: str, marks: AnchorMarks, *, any_root: bool = False) -> None:
        self.label = label
        self.text = text
        self.marks = marks
        self.entries: list[tuple[Path, Pos]] = []
        self.anchors: dict[str, tuple[Any, Path, int, int]] = {}
        self.alias_nodes = 0
        self.any_root = any_root
        self.root_value: Any = None

    def build(self, events: Iterator[Any]) -> Source:
        from ruamel.yaml import events as ev

        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        scalar_event = ev.ScalarEvent  # looked up once: this loop sees every event of the file
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                top = stack[-1] if stack else None
                if top is None or not isinstance(top.container, dict):
                    self._value(stack, self._scalar(event), event, event.anchor)
                elif top.key is None:
                    self._take_key(top, event)
                elif event.anchor is None and top.key != "<<":
                    self._map_value(top, event)
                else:
                    self._value(stack, self._scalar(event), event, event.anchor)
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                self._check_tag(event, "map" if kind is ev.MappingStartEvent else "seq")
                if event.anchor is not None:
                    self.marks.append((event.start_mark.index, "&" + event.anchor))
                if len(stack) >= MAX_DEPTH:
                    raise self._err(event.start_mark, "MC005", f"nesting deeper than {MAX_DEPTH} levels")
                path = self._child_path(stack, event.start_mark)
                container: Any = {} if kind is ev.MappingStartEvent else []
                slot = len(self.entries)
                key = self._key_mark(stack, event.start_mark)
                self.entries.append((path, _pos(key, event.start_mark, event.start_mark)))
                stack.append(_Frame(container, path, event.anchor, slot))
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                frame = stack.pop()
                if frame.merges:
                    self._apply_merges(frame)
                path, pos = self.entries[frame.slot]
                self.entries[frame.slot] = (
                    path,
                    (*pos[:4], event.end_mark.line + 1, event.end_mark.column + 1),
                )
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.container, path, frame.slot, len(self.entries))
                if not stack:
                    root = self.root_value = frame.container
                else:
                    self._store(stack[-1], frame.container, event.start_mark)
            elif kind is ev.AliasEvent:
                self._alias(stack, event)
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._err(event.start_mark, "MC001", "more than one YAML document in the file")
        if self.any_root:
            return Source(self.label, self.text, self.root_value, dict(self.entries))
        if root is None and self.text.strip() and self.entries:
            raise load_error("MC013", self.label, 1, 1, "the file must be a mapping of keys to values")
        if isinstance(root, list):
            raise load_error(
                "MC013", self.label, 1, 1, "the file must be a mapping of keys to values, not a list"
            )
        return Source(self.label, self.text, root if root is not None else {}, dict(self.entries))

    def _err(self, mark: Any, code: str, message: str) -> LoadError:
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return load_error(code, self.label, line, column, message)

    def _check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is not None and tag not in (CORE + kind, "!"):
            raise self._err(event.start_mark, "MC003", f"YAML tag `{tag}` is not allowed here")

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is not None and (tag not in CORE_TAGS or tag.endswith((":map", ":seq"))):
            raise self._err(event.start_mark, "MC003", f"YAML tag `{tag}` is not allowed here")
        try:
            if tag is not None:
                value = tagged(tag, event.value)
            else:
                value = plain(event.value) if event.implicit[0] and not event.style else event.value
        except ScalarError as exc:
            raise self._err(event.start_mark, exc.code, str(exc)) from None
        if isinstance(value, float) and not math.isfinite(value):
            shown = event.value if len(event.value) <= 24 else event.value[:12] + "…"
            raise self._err(event.start_mark, "MC012", f"`{shown}` is not a finite number")
        return value

    def _take_key(self, top: _Frame, event: Any) -> None:
        """Mapping keys are always strings: `1:` and `true:` keep their text."""
        if event.tag is not None and event.tag not in (CORE + "str", "!"):
            raise self._err(event.start_mark, "MC003", f"YAML tag `{event.tag}` is not allowed on a key")
        key = event.value
        if key in top.container and key != "<<":
            raise self._err(event.start_mark, "MC002", f"duplicate key `{key}`")
        if event.anchor is not None:
            self.marks.append((event.start_mark.index, "&" + event.anchor))
            self.anchors[event.anchor] = (key, (), len(self.entries), len(self.entries))
        top.key = key
        top.key_mark = (event.start_mark.line, event.start_mark.column)

    def _child_path(self, stack: list[_Frame], mark: Any) -> Path:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is None:
            raise self._err(mark, "MC012", "mapping keys must be plain strings, not collections")
        return (*top.path, top.key)

    def _key_mark(self, stack: list[_Frame], mark: Any) -> tuple[int, int]:
        if stack and isinstance(stack[-1].container, dict):
            return stack[-1].key_mark
        return (mark.line, mark.column)

    def _map_value(self, top: _Frame, event: Any) -> None:
        """`_value` for the common case: an unanchored scalar under a mapping's (non-merge) key."""
        value = self._scalar(event)
        key, (key_line, key_column) = cast(str, top.key), top.key_mark
        start, end = event.start_mark, event.end_mark
        where = (key_line + 1, key_column + 1, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        self.entries.append(((*top.path, key), where))
        top.container[key] = value
        top.key = None

    def _value(self, stack: list[_Frame], value: Any, event: Any, anchor: str | None) -> None:
        if not stack:
            if self.any_root:
                self.root_value = value
                return
            if value is not None:
                raise self._err(event.start_mark, "MC013", "the file must be a mapping of keys to values")
            return
        top = stack[-1]
        path = _path_in(top)
        index = len(self.entries)
        self.entries.append(
            (path, _pos(self._key_mark(stack, event.start_mark), event.start_mark, event.end_mark))
        )
        if anchor is not None:
            self.marks.append((event.start_mark.index, "&" + anchor))
            self.anchors[anchor] = (value, path, index, index + 1)
        self._store(top, value, event.start_mark)

    def _store(self, top: _Frame, value: Any, mark: Any) -> None:
        if isinstance(top.container, list):
            top.container.append(value)
            return
        key = top.key
        top.key = None
        if key == "<<":
            top.merges.append((value, mark))
        else:
            top.container[key] = value

    def _alias(self, stack: list[_Frame], event: Any) -> None:
        self.marks.append((event.start_mark.index, "*" + event.anchor))
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise self._err(event.start_mark, "MC001", f"unknown alias `*{event.anchor}`")
        if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
            raise self._err(event.start_mark, "MC012", "mapping keys must be plain strings, not aliases")
        value, old_path, first, last = anchor
        self.alias_nodes += last - first
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise self._err(
                event.start_mark,
                "MC004",
                f"aliases expand to more than {MAX_ALIAS_NODES} values (alias bomb?)",
            )
        self._value(stack, value, event, None)
        path = self.entries[-1][0]
        cut = len(old_path)
        for sub, pos in self.entries[first + 1 : last]:
            self.entries.append(((*path, *sub[cut:]), pos))

    def _apply_merges(self, frame: _Frame) -> None:
        """YAML merge keys (`<<: *base`): keys written in the mapping win over merged ones."""
        for value, mark in frame.merges:
            for source in value if isinstance(value, list) else [value]:
                if not isinstance(source, dict):
                    raise self._err(mark, "MC012", "`<<` must merge a mapping or a list of mappings")
                for key, item in source.items():
                    frame.container.setdefault(key, item)


def _path_in(top: _Frame) -> Path:
    """The path of the next value stored in ``top``."""
    if isinstance(top.container, list):
        return (*top.path, len(top.container))
    return (*top.path, top.key if top.key is not None else "")


def _pos(key: tuple[int, int], start: Any, end: Any) -> Pos:
    return (key[0] + 1, key[1] + 1, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def parse_value(text: str) -> Any:
    """One YAML value of any kind (a `--set` or environment variable value)."""
    from ruamel.yaml.error import YAMLError

    def build(events: Iterator[Any], marks: AnchorMarks) -> Source:
        return _Builder("<value>", text, marks, any_root=True).build(events)

    try:
        return read_events(text, build).tree
    except YAMLError as exc:
        raise load_error("MC001", "<value>", 1, 1, f"YAML syntax error: {exc}") from None
