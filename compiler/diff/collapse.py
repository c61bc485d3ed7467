"""Fold a change repeated in every class of a provider into one line (`providers.openai.*.rate_limits.rpm`).

Provider-wide settings (rate limits, sampling settings, token windows) are copied
into each model of the table, so one edit shows up once per class. When the same
change (same op, values and origin) hits every class the provider serves on both
sides, it is shown once, under the provider, with `*` in place of the class.
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
        provider = signature[0]
        served = _classes(old, provider) & _classes(new, provider)
        if len(indexes) < 2 or {entries[i].change.path[3] for i in indexes} != served:
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


def _classes(body: Mapping[str, Any], provider: str) -> set[str]:
    return set(body.get("providers", {}).get(provider, {}).get("models", {}))
