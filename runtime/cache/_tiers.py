"""The three storage tiers of the embedding cache; each stores float32 bytes under a key.

- `MemoryTier`: `cachetools.TTLCache` behind a lock, keyed by `(space id, text)`.
- `DiskTier`: `diskcache.Cache` (SQLite, process-safe, size-bounded), opened lazily.
- `RedisTier`: redis-py with short timeouts; a batch is one MGET or one pipeline.

Disk and Redis run every operation through an `Outage`, so a corrupt or full disk,
or a Redis that is down or slow, turns into misses and skipped writes, never an error.
"""

import logging
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from cachetools import TTLCache

from ..outage import Outage
from ..shared_redis import client_options, have_redis, redis_errors
from ._db import UntrustedCache, open_cache

log = logging.getLogger("modelcfg.runtime.embed_cache")
T = TypeVar("T")
INSTEAD = "using the other tiers"  # what the cache does while a tier is down


class MemoryTier:
    """Per-process, size- and TTL-bounded; thread-safe."""

    name = "memory"

    def __init__(self, *, max_entries: int, ttl_s: float, clock: Callable[[], float]) -> None:
        self._entries: TTLCache[Hashable, object] = TTLCache(maxsize=max_entries, ttl=ttl_s, timer=clock)
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[Hashable]) -> list[object]:
        """The stored value of each key, or None; one lock round for the whole batch."""
        entries = self._entries
        found: list[object] = []
        with self._lock:
            for key in keys:
                try:
                    found.append(entries[key])
                except KeyError:
                    found.append(None)
        return found

    def set_many(self, items: Iterable[tuple[Hashable, bytes]]) -> None:
        with self._lock:
            for key, data in items:
                self._entries[key] = data

    def delete(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> int:
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
        return count

    def count(self) -> int:
        with self._lock:
            self._entries.expire()
            return len(self._entries)


class DiskTier:
    """A diskcache directory shared by the processes of one machine; survives restarts.

    Opened through `_db.open_cache`: plain bytes only, never unpickled. A directory
    that is not safe to use (see `_db.untrusted_reason`) is refused: one warning,
    and the tier stays off for the life of the process.
    """

    name = "disk"

    def __init__(self, path: Path, *, size_limit_mb: int, ttl_s: float | None, outage: Outage) -> None:
        self.path = path
        self._size_limit = size_limit_mb * 1024 * 1024
        self._ttl_s = ttl_s
        self.outage = outage
        self.refused: str | None = None
        self._cache: Any = None
        self._open_lock = threading.Lock()

    def _open(self) -> Any:
        if self._cache is None:
            with self._open_lock:
                if self._cache is None:
                    # A short SQLite busy timeout: a locked cache is skipped, not waited for.
                    self._cache = open_cache(self.path, timeout=1.0, size_limit=self._size_limit)
        return self._cache

    def call(self, operation: Callable[[], T], fallback: T) -> T:
        """Run `operation` through the outage; a refused directory returns `fallback` for good."""
        if self.refused is not None:
            return fallback
        try:
            return self.outage.call(operation, fallback)
        except UntrustedCache as exc:
            self._refuse(str(exc))
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            # Only a database modelcfg did not write (rows or triggers of its own) gets here.
            self._refuse(f"{self.path} is not a modelcfg cache ({type(exc).__name__})")
        return fallback

    def _refuse(self, reason: str) -> None:
        self.refused = reason
        log.warning("embedding cache: disk tier refused: %s; using the other tiers", reason)

    def get_many(self, keys: Sequence[str]) -> list[object]:
        def read() -> list[object]:
            cache = self._open()
            return [cache.get(key) for key in keys]

        return self.call(read, [None] * len(keys))

    def set_many(self, items: Sequence[tuple[str, bytes]]) -> None:
        def write() -> None:
            cache = self._open()
            with cache.transact():
                for key, data in items:
                    cache.set(key, data, expire=self._ttl_s)

        self.call(write, None)

    def delete(self, key: str) -> None:
        self.call(lambda: self._open().delete(key), False)

    def clear(self) -> int:
        count: int = self.call(lambda: self._open().clear(), 0)
        return count

    def count(self) -> int | None:
        return self.call(lambda: len(self._open()), None)

    def volume(self) -> int | None:
        """Bytes used on disk (SQLite pages and value files)."""
        volume: int | None = self.call(lambda: self._open().volume(), None)
        return volume

    def close(self) -> None:
        if self._cache is not None:
            self.outage.call(self._cache.close, None)


def disk_errors() -> tuple[type[BaseException], ...]:
    """What a failing disk raises: SQLite errors, OS errors and diskcache's lock timeout."""
    import diskcache

    return (sqlite3.Error, OSError, diskcache.Timeout)


class RedisTier:
    """A Redis shared by every process and machine; entries expire after `ttl_s`."""

    name = "redis"

    def __init__(self, client: Any, *, ttl_s: float, key_prefix: str, outage: Outage) -> None:
        self._client = client
        self._ttl_ms = max(1, round(ttl_s * 1000))
        self._prefix = key_prefix
        self.outage = outage

    @classmethod
    def connect(
        cls, url: str, *, timeout_s: float, ttl_s: float, key_prefix: str, outage: Outage
    ) -> "RedisTier":
        """A client that gives up after `timeout_s` and never retries by itself (the Outage does)."""
        import redis

        client = redis.Redis.from_url(url, **client_options(timeout_s))
        return cls(client, ttl_s=ttl_s, key_prefix=key_prefix, outage=outage)

    def get_many(self, keys: Sequence[str]) -> list[object]:
        """One MGET: a single round trip for the whole batch."""
        if not keys:
            return []
        names = [self._prefix + key for key in keys]
        found: list[object] = self.outage.call(lambda: self._client.mget(names), [None] * len(keys))
        return found

    def set_many(self, items: Sequence[tuple[str, bytes]]) -> None:
        """One pipeline of SETs with an expiry: a single round trip."""
        if not items:
            return

        def write() -> None:
            pipe = self._client.pipeline(transaction=False)
            for key, data in items:
                pipe.set(self._prefix + key, data, px=self._ttl_ms)
            pipe.execute()

        self.outage.call(write, None)

    def delete(self, key: str) -> None:
        self.outage.call(lambda: self._client.delete(self._prefix + key), 0)

    def clear(self) -> int:
        def unlink_all() -> int:
            count = 0
            batch: list[bytes] = []
            for name in self._client.scan_iter(match=_glob_escape(self._prefix) + "*", count=1000):
                batch.append(name)
                if len(batch) == 1000:
                    count += self._client.unlink(*batch)
                    batch = []
            if batch:
                count += self._client.unlink(*batch)
            return count

        cleared: int = self.outage.call(unlink_all, 0)
        return cleared

    def count(self) -> int | None:
        def scan() -> int:
            match = _glob_escape(self._prefix) + "*"
            return sum(1 for _ in self._client.scan_iter(match=match, count=1000))

        return self.outage.call(scan, None)

    def close(self) -> None:
        self.outage.call(self._client.close, None)


def _glob_escape(text: str) -> str:
    """Escape Redis MATCH pattern characters so a prefix is matched literally."""
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)


# -- building the tiers from a table's `cache.embeddings` sections ------------------------------


def memory_tier(config: Mapping[str, Any], clock: Callable[[], float]) -> MemoryTier | None:
    if not config["enabled"]:
        return None
    return MemoryTier(max_entries=int(config["max_entries"]), ttl_s=config["ttl_s"], clock=clock)


def disk_tier(
    config: Mapping[str, Any], base_dir: Path, clock: Callable[[], float], retry_s: float
) -> DiskTier | None:
    """The disk tier at the table's `path` (relative to `base_dir`), or in the user's cache directory."""
    if not config["enabled"]:
        return None
    return DiskTier(
        disk_path(config.get("path"), base_dir),
        size_limit_mb=int(config["size_limit_mb"]),
        ttl_s=config["ttl_s"],
        outage=Outage(
            "embedding cache: disk tier",
            disk_errors(),
            retry_s=retry_s,
            clock=clock,
            log=log,
            instead=INSTEAD,
        ),
    )


def disk_path(configured: str | None, base_dir: Path) -> Path:
    """Where the disk tier lives: the configured path, else `<user cache dir>/modelcfg/embeddings`.

    The default is per user (never the working directory), so a checked-out repository
    cannot hand its own cache database to whoever runs modelcfg inside it.
    """
    if configured is None:
        import platformdirs  # only for the default location

        return Path(platformdirs.user_cache_dir("modelcfg", appauthor=False)) / "embeddings"
    return base_dir / Path(configured).expanduser()


def redis_tier(
    config: Mapping[str, Any], environ: Mapping[str, str], clock: Callable[[], float], retry_s: float
) -> RedisTier | None:
    """The Redis tier; None when off, or (with one warning) without its URL or the redis package."""
    if not config["enabled"]:
        return None
    url = environ.get(config["url_env"])
    if not url:
        log.warning(
            "embedding cache: redis tier is enabled but $%s is not set; using the local tiers only",
            config["url_env"],
        )
        return None
    if not have_redis():
        log.warning("embedding cache: redis tier needs the redis package: pip install 'modelcfg[redis]'")
        return None
    outage = Outage(
        "embedding cache: redis tier", redis_errors(), retry_s=retry_s, clock=clock, log=log, instead=INSTEAD
    )
    try:
        return RedisTier.connect(
            url,
            timeout_s=config["timeout_s"],
            ttl_s=config["ttl_s"],
            key_prefix=config["key_prefix"],
            outage=outage,
        )
    except ValueError as exc:  # redis-py's "invalid URL"; the message never includes the password
        log.warning(
            "embedding cache: $%s is not a usable Redis URL (%s); redis tier off", config["url_env"], exc
        )
        return None
