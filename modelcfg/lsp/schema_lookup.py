"""The documents' JSON Schema (`modelcfg schema`) walked by setting path: keys, enums, descriptions."""

import functools
import json
from collections.abc import Iterator
from typing import Any

from modelcfg.compiler.source import Path

__all__ = ["bounds", "enum_values", "keys_at", "node_at", "schema"]

_BOUNDS = (
    ("minimum", "≥"),
    ("exclusiveMinimum", ">"),
    ("maximum", "≤"),
    ("exclusiveMaximum", "<"),
    ("minLength", "length ≥"),
    ("maxLength", "length ≤"),
    ("minItems", "items ≥"),
    ("maxItems", "items ≤"),
)


@functools.cache
def schema() -> dict[str, Any]:
    """The committed JSON Schema shipped in `modelcfg.schema`."""
    from importlib import resources

    text = resources.files("modelcfg.schema").joinpath("modelcfg.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _resolve(node: Any) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        return schema()["definitions"][ref.rsplit("/", 1)[-1]]
    return node


def _branches(node: Any) -> Iterator[dict[str, Any]]:
    """``node`` and, through `$ref`/`allOf`/`anyOf`, every alternative it stands for (nulls left out)."""
    node = _resolve(node)
    if not isinstance(node, dict):
        return
    yield node
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(key, ()):
            if isinstance(branch, dict) and branch.get("type") != "null":
                yield from _branches(branch)


def _child(node: Any, key: str | int) -> Any:
    for branch in _branches(node):
        if isinstance(key, int) or branch.get("type") == "array":
            if "items" in branch:
                return branch["items"]
            continue
        properties = branch.get("properties", {})
        if key in properties:
            return properties[key]
        extra = branch.get("additionalProperties")
        if isinstance(extra, dict):
            return extra
    return None


def node_at(path: Path) -> Any:
    """The schema node describing the value at ``path``, or None when the schema has no such place."""
    node: Any = schema()
    for key in path:
        node = _child(node, key)
        if node is None:
            return None
    return node


def keys_at(path: Path) -> dict[str, dict[str, Any]]:
    """Declared keys of the mapping at ``path`` → their schema nodes (empty when keys are free)."""
    found: dict[str, dict[str, Any]] = {}
    for branch in _branches(node_at(path)):
        for key, sub in branch.get("properties", {}).items():
            found.setdefault(key, sub)
        names = branch.get("propertyNames")
        if names is not None:  # a mapping keyed by an enum, such as `models` by class
            extra = branch.get("additionalProperties", {})
            for key in enum_values(names):
                found.setdefault(str(key), extra)
    return found


def enum_values(node: Any) -> list[Any]:
    """Allowed values of an enum node (booleans too), in schema order."""
    values: list[Any] = []
    for branch in _branches(node):
        values += [v for v in branch.get("enum", ()) if v not in values]
        if branch.get("type") == "boolean":
            values += [v for v in (True, False) if v not in values]
    return values


def description(node: Any) -> str | None:
    """The first description along the node's alternatives."""
    return next((b["description"] for b in _branches(node) if "description" in b), None)


def bounds(node: Any) -> list[str]:
    """Human-readable limits (`≥ 0`, `≤ 2`) and the default, when the schema states them."""
    found: list[str] = []
    for branch in _branches(node):
        found += [f"{sign} {branch[key]}" for key, sign in _BOUNDS if key in branch]
    return list(dict.fromkeys(found))
