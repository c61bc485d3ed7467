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


#: model fields the compiler fills from the catalog when no layer sets them.
CATALOG_FIELDS = frozenset({"max_input_tokens", "max_output_tokens", "capabilities", "dimensions"})
CATALOG = SetBy("catalog", "<catalog>", 0, 0)


def origin_of(path: Path, origins: Origins, prefix: str = "") -> SetBy | None:
    """The effective origin of the body value at ``path``: a layer, the catalog, or None (a default).

    ``prefix`` locates the project's files for the reader (`examples/`, `HEAD~1:`); built-in
    files (`<builtin>/...`) keep their name.
    """
    for candidate in config_paths(path):
        found = origins.get(candidate)
        if found:
            last = found[-1]
            file = last.span.file if last.span.file.startswith("<") else prefix + last.span.file
            return SetBy(last.layer, file, last.span.line, last.span.column)
    if len(path) == 5 and path[0] == "providers" and path[2] == "models" and path[4] in CATALOG_FIELDS:
        return CATALOG
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
