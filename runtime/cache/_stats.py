"""Hit and miss counters of the embedding cache, summed over every process that used it.

Each process counts in memory and adds its counts to a small diskcache next to
the disk tier (`<disk path>/stats`, never evicted) about once a second and on
close, so `modelcfg cache stats` can report them later.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class TierStats:
    """One tier: `state` is on, off (not enabled), down (failing, being retried), unusable
    (enabled but missing its Redis URL variable or the redis package) or refused (a disk
    directory that is not safe to use: another user's, writable by others, or not a modelcfg cache)."""

    name: str
    state: str
    hits: int
    misses: int
    entries: int | None
    size_bytes: int | None


@dataclass(frozen=True, slots=True)
class CacheStats:
    tiers: tuple[TierStats, ...]
    computed: int  # texts sent to a provider because no tier had them
    bad_entries: int  # entries that failed the check and were deleted

    def as_dict(self) -> dict[str, Any]:
        return {
            "tiers": {
                t.name: {
                    "state": t.state,
                    "hits": t.hits,
                    "misses": t.misses,
                    "entries": t.entries,
                    "size_bytes": t.size_bytes,
                }
                for t in self.tiers
            },
            "computed": self.computed,
            "bad_entries": self.bad_entries,
        }


class CounterStore:
    """Named integer counters in a diskcache directory, safe for concurrent processes.

    Opened like the disk tier (`_db.open_cache`: never unpickled); a counter whose
    stored value is not an integer reads as 0 and is overwritten on the next add.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: Any = None

    def _open(self) -> Any:
        if self._cache is None:
            from ._db import open_cache

            self._cache = open_cache(self.path, timeout=1.0, eviction_policy="none")
        return self._cache

    def add(self, counts: Mapping[str, int]) -> None:
        cache = self._open()
        with cache.transact():
            for name, delta in counts.items():
                cache.set(name, _count(cache.get(name)) + delta)

    def read(self) -> dict[str, int]:
        cache = self._open()
        return {name: _count(cache.get(name)) for name in cache.iterkeys() if isinstance(name, str)}

    def clear(self) -> None:
        self._open().clear()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


def _count(value: object) -> int:
    """A stored counter, or 0 for anything that is not a plain integer."""
    return value if type(value) is int else 0
