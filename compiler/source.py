"""A parsed file: its tree of plain values and where each path was written."""

from dataclasses import dataclass, field
from typing import Any

from .diagnostic import Diagnostic, Severity, Span

__all__ = ["LoadError", "Path", "Pos", "Source", "child", "load_error", "value_at"]

Path = tuple[str | int, ...]
#: (key line, key column, value line, value column, value end line, value end column), 1-based.
Pos = tuple[int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Source:
    """One parsed file: its label (path relative to the project), text, tree and positions."""

    label: str
    text: str
    tree: Any
    positions: dict[Path, Pos] = field(default_factory=dict)

    def span(self, path: Path, *, key: bool = False) -> Span:
        """Where ``path`` (or its nearest written ancestor) was set; the key's place if ``key``."""
        for cut in range(len(path), -1, -1):
            pos = self.positions.get(path[:cut])
            if pos is not None:
                if key or cut < len(path):
                    return Span(self.label, pos[0], pos[1], pos[0], pos[1] + _key_width(path[:cut]))
                return Span(self.label, pos[2], pos[3], pos[4], pos[5])
        return Span(self.label, 1, 1)


def child(node: Any, key: str | int) -> tuple[bool, Any]:
    """(True, value) when ``node`` (a mapping or list) has ``key``; (False, None) otherwise."""
    if isinstance(node, dict):
        return (True, node[key]) if key in node else (False, None)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return True, node[key]
    return False, None


def value_at(tree: Any, path: Path) -> tuple[bool, Any]:
    """(True, value) when ``path`` exists in ``tree``."""
    node = tree
    for key in path:
        found, node = child(node, key)
        if not found:
            return False, None
    return True, node


def _key_width(path: Path) -> int:
    return len(str(path[-1])) if path and isinstance(path[-1], str) else 1


class LoadError(Exception):
    """A file cannot be loaded; carries the diagnostic to show."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def load_error(
    code: str, label: str, line: int, column: int, message: str, hint: str | None = None
) -> LoadError:
    """A LoadError whose diagnostic sits at ``label:line:column``."""
    span = Span(label, max(line, 1), max(column, 1), max(line, 1), max(column, 1) + 1)
    return LoadError(Diagnostic(code, Severity.ERROR, message, span, hint))
