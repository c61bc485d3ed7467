"""Fold layers into one tree, recording which layers set each path.

Semantics (identical for YAML and TOML):
- mappings merge key by key, deeply; scalars and lists replace what is below;
- in a mapping, `$replace: true` replaces the inherited mapping instead of merging,
  and `$delete: [key, ...]` drops inherited keys;
- as a list's value, `{$append: [...]}` / `{$prepend: [...]}` extend the inherited list.

Layer trees are never mutated: a merged mapping is a fresh dict, untouched
subtrees are shared. Origins are a flat dict path → layer indexes plus "cuts"
(a layer that replaced or deleted a subtree hides the lower layers below it).
"""

import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .diagnostic import Diagnostic, Severity, Span
from .layers import Layer
from .source import Path, value_at

__all__ = ["DIRECTIVES", "Merged", "Origin", "Origins", "fold", "merge_trees"]

DIRECTIVES = ("$replace", "$delete", "$append", "$prepend")
_MAP_DIRECTIVES = ("$replace", "$delete")
_LIST_DIRECTIVES = frozenset({"$append", "$prepend"})
#: Value types that replace whatever is below them (exact types: a subclass takes the long way).
_SCALARS = frozenset({str, int, float, bool, type(None)})
#: Keys that only concern the file they are written in, never merged.
FILE_KEYS = frozenset({"extends"})


@dataclass(frozen=True, slots=True)
class Origin:
    """One layer that set a path: its name, where, and the value it wrote."""

    layer: str
    span: Span
    value: Any


@dataclass
class Merged:
    """The merged tree, who set what, and problems with directives."""

    tree: dict[str, Any]
    setters: dict[Path, list[int]]
    cut_below: dict[Path, int]
    cut_at: dict[Path, int]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def live(self, path: Path) -> list[int]:
        """Indexes of the layers whose value at ``path`` still counts, lowest first."""
        indexes = self.setters.get(path)
        if not indexes:
            return []
        floor = self.cut_at.get(path, 0)
        for cut in range(len(path)):
            prefix = path[:cut]
            floor = max(floor, self.cut_below.get(prefix, 0), self.cut_at.get(prefix, 0))
        return [i for i in indexes if i >= floor] if floor else indexes


class Origins(Mapping[Path, tuple[Origin, ...]]):
    """Path → every layer that set it, lowest first; built on access from the flat records."""

    def __init__(self, merged: Merged, layers: Sequence[Layer]) -> None:
        self._merged = merged
        self._layers = layers

    def __getitem__(self, path: Path) -> tuple[Origin, ...]:
        live = self._merged.live(path)
        if not live:
            raise KeyError(path)
        return tuple(self._origin(i, path) for i in live)

    def _origin(self, index: int, path: Path) -> Origin:
        layer = self._layers[index]
        return Origin(layer.name, layer.source.span(path), _value_at(layer.tree, path))

    def __iter__(self) -> Iterator[Path]:
        return (p for p in self._merged.setters if self._merged.live(p))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def last_layer(self, path: Path) -> int | None:
        """Index of the layer that set ``path`` or its nearest set ancestor."""
        for cut in range(len(path), -1, -1):
            live = self._merged.live(path[:cut])
            if live:
                return live[-1]
        return None

    def span(self, path: Path, *, key: bool = False) -> Span:
        """Where the effective value at ``path`` was written (its key's place if ``key``)."""
        index = self.last_layer(path)
        if index is None:
            index = 0 if self._layers else None
        if index is None:
            return Span("<unknown>", 0, 0)
        return self._layers[index].source.span(path, key=key)

    def related(self, path: Path) -> tuple[Span, ...]:
        """Where lower layers set ``path`` (for notes under an error)."""
        return tuple(self._layers[i].source.span(path) for i in self._merged.live(path)[:-1])


def _value_at(tree: Any, path: Path) -> Any:
    """What a layer wrote at ``path`` (a `$append` mapping stays as written); None if nothing."""
    return value_at(tree, path)[1]


class _Folder:
    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = layers
        self.merged = Merged({}, {}, {}, {})
        self.index = 0

    def error(self, path: Path, message: str, hint: str | None = None) -> None:
        if not self.layers:  # merge_trees: no files to point at
            return
        span = self.layers[self.index].source.span(path, key=True)
        self.merged.diagnostics.append(Diagnostic("MC106", Severity.ERROR, message, span, hint))

    def record(self, path: Path) -> None:
        setters = self.merged.setters
        found = setters.get(path)
        if found is None:
            setters[path] = [self.index]
        elif found[-1] != self.index:
            found.append(self.index)

    def merge_map(self, base: dict[str, Any] | None, over: dict[str, Any], path: Path) -> dict[str, Any]:
        if "$replace" in over or "$delete" in over:
            base = self._map_directives(base, over, path)
        result = dict(base) if base else {}
        setters, index = self.merged.setters, self.index
        for key, value in over.items():
            if key.startswith("$"):
                if key not in _MAP_DIRECTIVES:
                    self._unknown_directive(path, key)
                continue
            if not path and key in FILE_KEYS:
                continue
            child = (*path, key)
            found = setters.get(child)  # self.record(child), inlined: this loop is the fold's hot path
            if found is None:
                setters[child] = [index]
            elif found[-1] != index:
                found.append(index)
            if type(value) in _SCALARS:  # merge_value's last case, without the call
                if isinstance(result.get(key), dict | list):
                    self.merged.cut_below[child] = index
                result[key] = value
            else:
                result[key] = self.merge_value(result.get(key), value, child)
        return result

    def merge_value(self, old: Any, value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            if value and value.keys() <= _LIST_DIRECTIVES:
                return self._extend_list(old, value, path)
            if isinstance(old, dict):
                return self.merge_map(old, value, path)
            if isinstance(old, list):
                self.merged.cut_below[path] = self.index
            return self.merge_map(None, value, path)
        if isinstance(old, dict | list):
            self.merged.cut_below[path] = self.index
        if isinstance(value, list):
            return self._list(value, path)
        return value

    def _list(self, items: list[Any], path: Path, offset: int = 0) -> list[Any]:
        result = []
        for position, item in enumerate(items):
            child = (*path, position + offset)
            self.record(child)
            if isinstance(item, dict):
                item = self.merge_map(None, item, child)
            elif isinstance(item, list):
                item = self._list(item, child)
            result.append(item)
        return result

    def _extend_list(self, old: Any, value: dict[str, Any], path: Path) -> list[Any]:
        if old is not None and not isinstance(old, list):
            self.error(path, f"`$append`/`$prepend` need a list below, but `{_dotted(path)}` is not a list")
            return self._list(list(value.get("$prepend", [])) + list(value.get("$append", [])), path)
        before, after = value.get("$prepend", []), value.get("$append", [])
        if not isinstance(before, list) or not isinstance(after, list):
            self.error(path, "`$append` and `$prepend` take a list, like `$append: [a, b]`")
            return list(old or [])
        inherited = list(old or [])
        if before:
            self.merged.cut_below[path] = self.index
            inherited = self._list(inherited, path, len(before))
        return self._list(before, path) + inherited + self._list(after, path, len(before) + len(inherited))

    def _map_directives(
        self, base: dict[str, Any] | None, over: dict[str, Any], path: Path
    ) -> dict[str, Any] | None:
        replace = over.get("$replace")
        if "$replace" in over:
            if not isinstance(replace, bool):
                self.error((*path, "$replace"), "`$replace` must be true or false")
            elif replace:
                self.merged.cut_below[path] = self.index
                base = None
        deletes = over.get("$delete")
        if deletes is None:
            return base
        if isinstance(deletes, str):
            deletes = [deletes]
        if not isinstance(deletes, list) or not all(isinstance(k, str) for k in deletes):
            self.error((*path, "$delete"), "`$delete` takes a list of keys, like `$delete: [headers]`")
            return base
        base = dict(base or {})
        for key in deletes:
            if key not in base:
                hint = _suggest(key, list(base))
                self.error(
                    (*path, "$delete"), f"`$delete` names `{key}`, which no lower layer sets here", hint
                )
                continue
            del base[key]
            self.merged.cut_at[(*path, key)] = self.index
        return base

    def _unknown_directive(self, path: Path, key: str) -> None:
        hint = _suggest(key, list(DIRECTIVES))
        self.error((*path, key), f"unknown directive `{key}`", hint or "directives: " + ", ".join(DIRECTIVES))


def _suggest(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def _dotted(path: Path) -> str:
    return ".".join(map(str, path)) or "the document"


def merge_trees(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Merge one tree onto another with the documented semantics (no origins kept)."""
    return _Folder([]).merge_map(base, over, ())


def fold(layers: Sequence[Layer]) -> Merged:
    """Merge the layers lowest first into one tree."""
    folder = _Folder(layers)
    tree: dict[str, Any] = {}
    for index, layer in enumerate(layers):
        folder.index = index
        folder.record(())
        if isinstance(layer.tree, dict):
            tree = folder.merge_map(tree, layer.tree, ())
    folder.merged.tree = tree
    return folder.merged
