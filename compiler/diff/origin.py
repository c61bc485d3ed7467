"""Which layer set a body value: maps a table path back to the config paths that feed it.

The body is derived (model settings over provider settings, limits falling back
to the provider and the catalog), so one body path has an ordered list of
candidate config paths; the first one some layer set is the origin.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .compare import Path

TreePath = tuple[str | int, ...]


class _Span(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


class _Origin(Protocol):
    @property
    def layer(self) -> str: ...
    @property
    def span(self) -> _Span: ...


Origins = Mapping[TreePath, Sequence[_Origin]]


@dataclass(frozen=True, slots=True)
class SetBy:
    """The layer and place that set a value."""

    layer: str
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line > 0 else self.file

    def as_json(self) -> dict[str, Any]:
        return {"layer": self.layer, "file": self.file, "line": self.line, "column": self.column}


def origin_of(path: Path, origins: Origins) -> SetBy | None:
    """The effective origin of the body value at ``path``, or None (implicit, catalog, default)."""
    candidates = config_paths(path)
    for candidate in candidates:
        found = origins.get(candidate)
        if found:
            last = found[-1]
            return SetBy(last.layer, last.span.file, last.span.line, last.span.column)
    return None


def config_paths(path: Path) -> list[TreePath]:
    """Config paths whose value becomes the body value at ``path``, most specific first."""
    if len(path) >= 4 and path[0] == "providers" and path[2] == "models":
        provider, model, rest = path[:2], path[:4], path[4:]
        return _model_paths(provider, model, rest)
    if path[:2] == ("failover", "chains") and len(path) == 3:
        return [path, path[:2]]
    return [path]


def _model_paths(provider: Path, model: Path, rest: Path) -> list[TreePath]:
    if not rest:
        return [model]
    head, tail = rest[0], rest[1:]
    if head == "id":
        return [(*model, "id"), model]
    if head in ("settings", "rate_limits", "image", "max_input_tokens", "max_output_tokens"):
        return [(*model, *rest), (*provider, *rest)]
    if head == "dimensions":
        return [(*model, "dimensions"), (*provider, "embedding", "dimensions")]
    if head == "embedding":
        return [(*provider, "embedding", *tail)]
    return [(*model, *rest)]
