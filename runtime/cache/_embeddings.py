"""The tiered embedding cache: memory → disk → Redis, read-through and write-through.

`EmbeddingCache.get_or_compute(space, texts, compute_missing, batch_size=...)`
looks every distinct text up fastest tier first, promotes hits to the faster
tiers, sends only the misses to `compute_missing` in batches of `batch_size`,
writes the new vectors through to every tier, and returns one vector per input
text in input order.

A vector is interchangeable only with vectors of the same `EmbeddingSpace`
(wire protocol, endpoint host, model id, dimensions); the key of a text is a
hash of those and the text, so switching any of them can never serve another's
vector. Every vector read from a tier is checked (length, all finite); a bad one
is a miss, is deleted and is logged.
"""

import asyncio
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, TypeGuard, TypeVar

from ..errors import BadResponse
from ._space import EmbeddingSpace
from ._stats import CacheStats, CounterStore, TierStats
from ._tiers import DiskTier, MemoryTier, RedisTier, disk_tier, memory_tier, redis_tier
from ._vectors import Vector, is_valid, pack, to_vector

__all__ = ["DEFAULT_CONFIG", "CacheStats", "Computed", "EmbeddingCache", "EmbeddingSpace", "TierStats"]

log = logging.getLogger("modelcfg.runtime.embed_cache")
T = TypeVar("T")

TIER_NAMES = ("memory", "disk", "redis")
#: Seconds a failed disk or Redis tier is skipped before it is tried again.
RETRY_S = 30.0
#: Counters are written to the disk tier at most this often (and on close).
FLUSH_S = 1.0

#: The table's `cache.embeddings` defaults (docs/table-format.md): they fill what a tier's section omits.
DEFAULT_CONFIG: Mapping[str, Mapping[str, Any]] = {
    "memory": {"enabled": True, "ttl_s": 300.0, "max_entries": 10000},
    "disk": {"enabled": True, "path": None, "size_limit_mb": 1024, "ttl_s": None},
    "redis": {
        "enabled": False,
        "url_env": "MODELCFG_REDIS_URL",
        "ttl_s": 604800.0,
        "timeout_s": 0.05,
        "key_prefix": "modelcfg:emb:",
    },
}


@dataclass(frozen=True, slots=True)
class Computed:
    """Vectors for one batch, from `space` (failover may have served it from another model)."""

    vectors: Sequence[Sequence[float]]
    space: EmbeddingSpace


ComputeMissing: TypeAlias = Callable[[list[str]], "Sequence[Sequence[float]] | Computed"]
AsyncComputeMissing: TypeAlias = Callable[[list[str]], Awaitable["Sequence[Sequence[float]] | Computed"]]


class EmbeddingCache:
    """The tiers configured in a table's `cache.embeddings`; safe to share between threads.

    The disk tier is the table's `path` (a relative one is relative to `base_dir`, by default
    the working directory), or without one `<user cache dir>/modelcfg/embeddings`.
    """

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        base_dir: str | Path | None = None,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        retry_s: float = RETRY_S,
    ) -> None:
        # A tier the config does not mention is off; a mentioned one gets defaults for what it omits.
        cfg = {
            name: {**DEFAULT_CONFIG[name], **(config or {}).get(name, {"enabled": False})}
            for name in TIER_NAMES
        }
        self.config = cfg
        self._clock = clock
        self.memory = memory_tier(cfg["memory"], clock)
        self.disk = disk_tier(cfg["disk"], Path(base_dir or Path.cwd()), clock, retry_s)
        self.redis = redis_tier(cfg["redis"], os.environ if environ is None else environ, clock, retry_s)
        self._counts: Counter[str] = Counter()
        self._counts_lock = threading.Lock()
        self._store = CounterStore(self.disk.path / "stats") if self.disk is not None else None
        self._flushed_at = clock()

    @classmethod
    def from_body(cls, body: Mapping[str, Any], **kwargs: Any) -> "EmbeddingCache | None":
        """The cache a table body configures (`body.cache.embeddings`), or None when no tier is on."""
        config = (body.get("cache") or {}).get("embeddings") or {}
        if not any(
            section.get("enabled", DEFAULT_CONFIG[name]["enabled"])
            for name, section in config.items()
            if name in DEFAULT_CONFIG
        ):
            return None
        return cls(config, **kwargs)

    # -- the read-through / write-through path ---------------------------------------------

    def get_or_compute(
        self, space: EmbeddingSpace, texts: Sequence[str], compute_missing: ComputeMissing, *, batch_size: int
    ) -> list[Vector]:
        """One vector per text, in order; only distinct misses reach `compute_missing`."""
        wanted = list(dict.fromkeys(texts))
        found = self._lookup(space, wanted)
        for batch in _batches([t for t in wanted if t not in found], batch_size):
            found.update(self._accept(space, batch, compute_missing(batch)))
        self._maybe_flush()
        return [to_vector(found[text]) for text in texts]

    async def aget_or_compute(
        self,
        space: EmbeddingSpace,
        texts: Sequence[str],
        compute_missing: AsyncComputeMissing,
        *,
        batch_size: int,
    ) -> list[Vector]:
        """`get_or_compute` with an async `compute_missing`.

        Disk and Redis I/O run in a worker thread, so a slow tier never blocks the event loop.
        """
        wanted = list(dict.fromkeys(texts))
        io = asyncio.to_thread if self.disk is not None or self.redis is not None else _inline
        found = await io(self._lookup, space, wanted)
        for batch in _batches([t for t in wanted if t not in found], batch_size):
            result = await compute_missing(batch)
            found.update(await io(self._accept, space, batch, result))
        await io(self._maybe_flush)
        return [to_vector(found[text]) for text in texts]

    def lookup(self, space: EmbeddingSpace, texts: Sequence[str]) -> dict[str, bytes]:
        """The checked float32 bytes of every text some tier holds, promoting hits to faster tiers."""
        return self._lookup(space, list(dict.fromkeys(texts)))

    def _lookup(self, space: EmbeddingSpace, wanted: list[str]) -> dict[str, bytes]:
        dims = space.dimensions
        if dims is None:
            return {}
        found: dict[str, bytes] = {}
        if self.memory is not None:
            sid, size = space.id, dims * 4
            for text, data in zip(wanted, self.memory.get_many([(sid, t) for t in wanted]), strict=True):
                # Memory holds only bytes that passed `is_valid` on the way in, and bytes cannot change.
                if type(data) is bytes and len(data) == size:
                    found[text] = data
                elif data is not None:
                    self._drop_bad(self.memory, (sid, text), space, text)
            self._add({"memory.hits": len(found), "memory.misses": len(wanted) - len(found)})
        for tier in (self.disk, self.redis):
            rest = [t for t in wanted if t not in found]
            if tier is None or not rest:
                continue
            keys = [space.key(t) for t in rest]
            hits = {
                text: data
                for text, key, data in zip(rest, keys, tier.get_many(keys), strict=True)
                if data is not None and self._checked(data, tier, key, space, text)
            }
            self._add({f"{tier.name}.hits": len(hits), f"{tier.name}.misses": len(rest) - len(hits)})
            if hits:
                self._promote(tier, space, hits)
                found.update(hits)
        return found

    def store(self, space: EmbeddingSpace, vectors: Mapping[str, bytes]) -> None:
        """Write checked float32 bytes through to every tier."""
        if space.dimensions is None or not vectors:
            return
        if self.memory is not None:
            sid = space.id
            self.memory.set_many(((sid, text), data) for text, data in vectors.items())
        shared = [(space.key(text), data) for text, data in vectors.items()]
        for tier in (self.disk, self.redis):
            if tier is not None:
                tier.set_many(shared)

    def _accept(
        self, space: EmbeddingSpace, batch: list[str], result: "Sequence[Sequence[float]] | Computed"
    ) -> dict[str, bytes]:
        """Check a computed batch, store it under the space that made it, and return its bytes."""
        made_by, vectors = (result.space, result.vectors) if isinstance(result, Computed) else (space, result)
        if len(vectors) != len(batch):
            raise BadResponse(
                f"embedding model `{made_by.model}` returned {len(vectors)} vectors for {len(batch)} texts",
                model=made_by.model,
            )
        packed: dict[str, bytes] = {}
        for text, vector in zip(batch, vectors, strict=True):
            data = pack(vector, made_by.dimensions or len(vector)) if vector else None
            if data is None:
                raise BadResponse(
                    f"embedding model `{made_by.model}` returned an invalid vector ({_describe(vector)}); "
                    f"the table says dimensions {made_by.dimensions}: fix `dimensions` or the model",
                    model=made_by.model,
                )
            packed[text] = data
        self._add({"computed": len(batch)})
        self.store(made_by, packed)
        return packed

    def _checked(
        self, data: object, tier: DiskTier | RedisTier, key: str, space: EmbeddingSpace, text: str
    ) -> TypeGuard[bytes]:
        """True for a valid entry; a bad one is deleted and logged."""
        if space.dimensions is not None and is_valid(data, space.dimensions):
            return True
        self._drop_bad(tier, key, space, text)
        return False

    def _drop_bad(self, tier: Any, key: Any, space: EmbeddingSpace, text: str) -> None:
        tier.delete(key)
        self._add({"bad": 1})
        # The key, not the text: texts are user data and stay out of logs.
        log.warning(
            "embedding cache: dropped a bad %s entry (key %s…, model `%s`, %s dimensions expected); "
            "embedding the text again",
            tier.name,
            space.key(text)[:16],
            space.model,
            space.dimensions,
        )

    def _promote(
        self, source: DiskTier | RedisTier, space: EmbeddingSpace, hits: Mapping[str, bytes]
    ) -> None:
        if self.memory is not None:
            sid = space.id
            self.memory.set_many(((sid, text), data) for text, data in hits.items())
        if source is self.redis and self.disk is not None:
            self.disk.set_many([(space.key(text), data) for text, data in hits.items()])

    # -- stats, clear, close ---------------------------------------------------------------

    def _add(self, counts: Mapping[str, int]) -> None:
        with self._counts_lock:
            self._counts.update({name: n for name, n in counts.items() if n})

    def _maybe_flush(self) -> None:
        if self._clock() - self._flushed_at >= FLUSH_S:
            self.flush()

    def flush(self) -> None:
        """Add this process's counters to the ones kept in the disk tier."""
        self._flushed_at = self._clock()
        if self._store is None or self.disk is None:
            return
        with self._counts_lock:
            counts, self._counts = self._counts, Counter()
        if counts and not self.disk.call(lambda: self._store_add(counts), False):
            with self._counts_lock:
                self._counts.update(counts)

    def _store_add(self, counts: Mapping[str, int]) -> bool:
        assert self._store is not None
        self._store.add(counts)
        return True

    def stats(self) -> CacheStats:
        """Hits and misses per tier (kept in the disk tier, plus this process's unsaved ones) and sizes."""
        self.flush()
        saved: Mapping[str, int] = {}
        if self._store is not None and self.disk is not None and self._store.path.exists():
            store = self._store
            saved = self.disk.call(store.read, {})
        with self._counts_lock:
            counts = Counter(saved) + self._counts
        tiers = tuple(self._tier_stats(name, counts) for name in TIER_NAMES)
        return CacheStats(tiers=tiers, computed=counts["computed"], bad_entries=counts["bad"])

    def _tier_stats(self, name: str, counts: Mapping[str, int]) -> TierStats:
        tier: MemoryTier | DiskTier | RedisTier | None = getattr(self, name)
        hits, misses = counts.get(f"{name}.hits", 0), counts.get(f"{name}.misses", 0)
        if tier is None:
            state = "unusable" if self.config[name]["enabled"] else "off"  # unusable: see the warning
            return TierStats(name, state, hits, misses, None, None)
        if isinstance(tier, MemoryTier):
            return TierStats(name, "on", hits, misses, tier.count(), None)
        if isinstance(tier, DiskTier) and not tier.path.exists():
            return TierStats(name, "on", hits, misses, 0, 0)  # nothing cached yet; do not create it
        entries = tier.count()
        size = tier.volume() if isinstance(tier, DiskTier) else None
        return TierStats(name, _state(tier), hits, misses, entries, size)

    def clear(self, tiers: Sequence[str] = TIER_NAMES) -> dict[str, int]:
        """Delete the named tiers' entries (all tiers: the counters too); how many went per tier."""
        removed: dict[str, int] = {}
        for name in tiers:
            tier: MemoryTier | DiskTier | RedisTier | None = getattr(self, name)
            if tier is not None:
                removed[name] = tier.clear()
        if set(tiers) >= set(TIER_NAMES) and self._store is not None and self.disk is not None:
            store = self._store
            self.disk.call(store.clear, None)
            with self._counts_lock:
                self._counts.clear()
        return removed

    def close(self) -> None:
        """Save the counters and close the disk and Redis connections."""
        self.flush()
        if self._store is not None:
            self._store.close()
        for tier in (self.disk, self.redis):
            if tier is not None:
                tier.close()


async def _inline(function: Callable[..., T], /, *args: Any) -> T:
    """Call `function` here (what `asyncio.to_thread` does in a thread): memory-only caches need no thread."""
    return function(*args)


def _state(tier: DiskTier | RedisTier) -> str:
    if isinstance(tier, DiskTier) and tier.refused is not None:
        return "refused"
    return "down" if tier.outage.down else "on"


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    size = max(1, size)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _describe(vector: object) -> str:
    if isinstance(vector, (list, tuple)):
        return f"{len(vector)} values"
    return type(vector).__name__
