"""Fold a change repeated in every class of a provider into one line (`providers.openai.*.rate_limits.rpm`).

Provider-wide settings (rate limits, sampling settings, token windows) are copied
into each model of the table, so one edit shows up once per class. When the same
change (same op, values and origin) hits every class it can reach — each class the
provider serves on both sides that holds the key on either side (sampling settings
reach the chat classes, not `embedding` or `image`) — it is shown once, under the
provider, with `*` in place of the class.
"""

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .compare import item_key
from .paths import group_of, shown_path

if TYPE_CHECKING:
    from .tablediff import Entry

ALL_CLASSES = "*"


def collapse_classes(
    entries: Iterable["Entry"], old: Mapping[str, Any], new: Mapping[str, Any]
) -> list["Entry"]:
    """``entries`` with each change repeated across all of a provider's classes folded into one."""
    entries = list(entries)
    buckets: dict[tuple[Any, ...], list[int]] = {}
    for index, entry in enumerate(entries):
        path = entry.change.path
        if len(path) > 4 and path[0] == "providers" and path[2] == "models":
            buckets.setdefault(_signature(entry), []).append(index)
    folded: dict[int, Entry | None] = {}  # index -> its replacement, None when folded away
    for signature, indexes in buckets.items():
        reached = _reached(old, new, signature[0], signature[1])
        if len(indexes) < 2 or {entries[i].change.path[3] for i in indexes} != reached:
            continue
        first = entries[indexes[0]]
        path = (*first.change.path[:3], ALL_CLASSES, *first.change.path[4:])
        change = replace(first.change, path=path)
        folded[indexes[0]] = replace(first, change=change, group=group_of(path[:3]), path=shown_path(path))
        folded.update(dict.fromkeys(indexes[1:]))
    result = [folded.get(i, entry) for i, entry in enumerate(entries)]
    return [entry for entry in result if entry is not None]


def _signature(entry: "Entry") -> tuple[Any, ...]:
    change = entry.change
    return (
        change.path[1],
        change.path[4:],
        change.op,
        change.kind,
        _key(change.old),
        _key(change.new),
        _key([list(e) for e in change.entries]) if change.entries else (),
        str(entry.origin),
    )


def _key(value: Any) -> Any:
    """A hashable stand-in for a value; scalars as themselves (most changes are scalars)."""
    if value is None or isinstance(value, bool | int | float | str):
        return (type(value).__name__, value)
    return item_key(value)


def _reached(
    old: Mapping[str, Any], new: Mapping[str, Any], provider: str, below: tuple[str, ...]
) -> set[str]:
    """The classes served on both sides whose model holds the path ``below`` on either side."""
    old_models, new_models = _models(old, provider), _models(new, provider)
    return {
        name
        for name in old_models.keys() & new_models.keys()
        if _holds(old_models[name], below) or _holds(new_models[name], below)
    }


def _models(body: Mapping[str, Any], provider: str) -> Mapping[str, Any]:
    models: Mapping[str, Any] = body.get("providers", {}).get(provider, {}).get("models", {})
    return models


def _holds(tree: Any, path: tuple[str, ...]) -> bool:
    for key in path:
        if not isinstance(tree, Mapping) or key not in tree:
            return False
        tree = tree[key]
    return True
