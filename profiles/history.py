"""The life of every model across LiteLLM releases: first seen, last seen, retired.

Releases are folded oldest first. A model's facts are those of the last release that
listed it; it is retired when the newest release no longer lists it while still listing
its namespace, and its retirement is dated by the first sampled release it was missing
from (the release after its last sighting). Stdlib only; pure functions over parsed JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .derive import FORMAT, Aliases, Models, finish

#: The label of a catalog refresh from a table that is not a release (`catalog update`).
UPDATE_PREFIX = "update-"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One release's table, normalized: its version label, publication day and models."""

    label: str
    day: str  # ISO date
    models: Models
    aliases: Aliases


def fold(snapshots: Iterable[Snapshot], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The catalog document from ``snapshots`` (oldest first) on top of an earlier catalog ``base``."""
    base = base or {}
    models: Models = {ns: {m: dict(f) for m, f in e.items()} for ns, e in base.get("models", {}).items()}
    aliases: Aliases = {ns: dict(a) for ns, a in base.get("aliases", {}).items()}
    releases: dict[str, str] = dict(base.get("releases", {}))
    order = list(releases)
    last_listed: dict[str, str] = {}  # namespace -> the newest release that lists it
    for snapshot in snapshots:
        releases[snapshot.label] = snapshot.day
        order.append(snapshot.label)
        for namespace, entries in snapshot.models.items():
            last_listed[namespace] = snapshot.label
            known = models.setdefault(namespace, {})
            for model_id, facts in entries.items():
                previous = known.get(model_id, {})
                life = {"first_seen": previous.get("first_seen", snapshot.label), "last_seen": snapshot.label}
                kept = {k: v for k, v in previous.items() if k not in ("retired", "last_seen")}
                known[model_id] = {**kept, **facts, **life}
        for namespace, names in snapshot.aliases.items():
            aliases.setdefault(namespace, {}).update(names)
    _mark_retired(models, last_listed, order)
    document = finish(models, aliases)
    return {"format": FORMAT, "releases": releases, **document}


def _mark_retired(models: Models, last_listed: Mapping[str, str], order: list[str]) -> None:
    """Retire what the last release listing a namespace dropped, dated by the release after its
    last sighting. A namespace missing from the newest releases is a gap in the data: its models
    are judged by the last release that still listed it."""
    following = {label: order[i + 1] for i, label in enumerate(order[:-1])}
    for namespace, entries in models.items():
        final = last_listed.get(namespace)
        if final is None:
            continue
        for facts in entries.values():
            seen = facts.get("last_seen")
            if seen == final:
                continue
            facts["retired"] = following.get(seen, True) if seen else facts.get("retired", True)
