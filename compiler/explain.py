"""Where a setting comes from: its final value and every layer that set it, lowest first.

Both renderings pass `mask_secrets`: explain never prints a key, even one a caller forgot to refuse.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from modelcfg.schema.secrets import mask_secrets

from .merge import Origin
from .project import Compilation
from .source import Path, child, value_at

__all__ = ["Explanation", "explain", "explain_all", "parse_path", "render_json", "render_text"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """A path's final value (`found` False when nothing sets it) and its origins."""

    path: Path
    found: bool
    value: Any
    origins: tuple[Origin, ...]


def parse_path(text: str, tree: Any) -> Path:
    """`providers.openai.settings.stop.0` as a path; a number indexes a list."""
    path: list[str | int] = []
    node = tree
    for part in text.split("."):
        key: str | int = int(part) if isinstance(node, list) and part.lstrip("-").isdigit() else part
        path.append(key)
        node = child(node, key)[1]
    return tuple(path)


def explain(compilation: Compilation, path: Path) -> Explanation:
    """The value at ``path`` and who set it; a value no layer wrote is the schema's default."""
    found, value = value_at(compilation.tree, path)
    if found:
        return Explanation(path, True, value, compilation.origins.get(path, ()))
    if compilation.document is not None:
        defaults = compilation.document.model_dump(mode="json", by_alias=True)
        found, value = value_at(defaults, path)
    return Explanation(path, found and value is not None, value, ())


def _leaves(tree: Any, path: Path = ()) -> Iterator[Path]:
    if isinstance(tree, dict) and tree:
        for key in sorted(tree):
            yield from _leaves(tree[key], (*path, key))
    else:
        yield path


def explain_all(compilation: Compilation) -> list[Explanation]:
    """Every leaf of the merged tree (lists count as one leaf), sorted by path."""
    return [explain(compilation, path) for path in _leaves(compilation.tree) if path]


def _dotted(path: Path) -> str:
    return ".".join(map(str, path))


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def render_text(explanations: list[Explanation]) -> str:
    """Like `git config --show-origin`: value first, then each layer lowest first."""
    lines = []
    width = max((len(o.layer) for item in explanations for o in item.origins), default=0)
    for item in explanations:
        if not item.found:
            lines.append(f"{_dotted(item.path)}: not set")
            continue
        lines.append(f"{_dotted(item.path)} = {_show(item.value)}")
        if not item.origins:
            lines.append("  (schema default)")
        for index, origin in enumerate(item.origins):
            mark = "*" if index == len(item.origins) - 1 else " "
            lines.append(f"  {mark} {origin.layer:<{width}}  {origin.span}  {_show(origin.value)}")
    return mask_secrets("\n".join(lines) + "\n")


def render_json(explanations: list[Explanation]) -> str:
    data = [
        {
            "path": _dotted(item.path),
            "found": item.found,
            "value": item.value,
            "origins": [
                {
                    "layer": o.layer,
                    "file": o.span.file,
                    "line": o.span.line,
                    "column": o.span.column,
                    "value": o.value,
                }
                for o in item.origins
            ],
        }
        for item in explanations
    ]
    return mask_secrets(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
