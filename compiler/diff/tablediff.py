"""The diff of two sides: changes placed in groups with their origins, plus risk notes."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .collapse import collapse_classes
from .compare import Change, compare
from .origin import Origins, SetBy, origin_of
from .paths import Group, group_of, selected, shown_path
from .risk import Lookup, Risk, risk_notes


@dataclass(frozen=True, slots=True)
class Side:
    """One input: a label for people, the table body, and origins when we compiled it.

    ``file_prefix`` turns the compiler's project-relative file names into ones a reader
    can open (`examples/envs/production.yaml`, `main:envs/production.yaml`).
    """

    label: str
    body: Mapping[str, Any]
    content_hash: str | None = None
    origins: Origins | None = None
    file_prefix: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A change as presented: where it is listed and which layer set the new value."""

    change: Change
    group: Group
    path: str
    origin: SetBy | None


@dataclass(frozen=True, slots=True)
class TableDiff:
    """Everything `modelcfg diff` reports, before rendering."""

    old: Side
    new: Side
    entries: tuple[Entry, ...]
    risks: tuple[Risk, ...] = field(default=())

    @property
    def counts(self) -> Counter[str]:
        """Changes per op: added, removed, changed."""
        return Counter(e.change.op for e in self.entries)

    def groups(self) -> list[tuple[Group, list[Entry]]]:
        """Entries by group, groups in display order, entries in path order."""
        by_group: dict[Group, list[Entry]] = {}
        for entry in self.entries:
            by_group.setdefault(entry.group, []).append(entry)
        return sorted(by_group.items(), key=lambda item: item[0].rank)


def diff_sides(
    old: Side,
    new: Side,
    *,
    only: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    lookup: Lookup | None = None,
) -> TableDiff:
    """Compare two sides' bodies; keep what the globs select; attach origins and risk notes."""
    changes = [c for c in compare(old.body, new.body) if selected(c.path, only, ignore)]
    entries = tuple(
        collapse_classes(
            (Entry(c, group_of(c.path), shown_path(c.path), _origin(c, new)) for c in changes),
            old.body,
            new.body,
        )
    )
    notes = risk_notes(old.body, new.body, changes, lookup)
    risks = tuple(sorted(notes, key=lambda r: (group_of(r.path).rank, r.path)))
    return TableDiff(old, new, entries, risks)


def _origin(change: Change, new: Side) -> SetBy | None:
    if new.origins is None or change.op == "removed":
        return None
    return origin_of(change.path, new.origins, new.file_prefix)
