"""Opening a diskcache database that someone else may have planted, without trusting it.

A checked-out repository can ship a `cache.db`. diskcache unpickles keys and values
stored in pickle mode, reads value files named by the row (any path), and applies the
`Settings` rows as attributes and SQLite PRAGMAs. So every cache tier opens its
database through `open_cache`:

- `BytesDisk` stores bytes, str, int and float inline in SQLite and never pickles; on
  every read path a row in any other mode (pickle, a value file) is a miss, and a key
  stored pickled comes back as `UNTRUSTED_KEY`; it never deletes a file it did not write.
- Every diskcache setting is passed explicitly, and a database whose `Settings` table
  holds a key diskcache does not define is refused.
- `untrusted_reason` refuses a directory (or database) owned by another user, or one
  that others may write to (world-writable without the sticky bit, itself or above).
"""

import functools
import logging
import os
import re
import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from typing import Any

log = logging.getLogger("modelcfg.runtime.embed_cache")

#: Larger than any value we store: every value stays inline in SQLite, never in a file.
_INLINE_LIMIT = 2**62
#: What a key stored pickled reads back as (it is never unpickled).
UNTRUSTED_KEY = object()
#: The names diskcache gives its value files (`ab/cd/<28 hex>.val`); nothing else is removed.
#: diskcache's own counters in the Settings table.
_COUNTERS = ("count", "size", "hits", "misses")
_VALUE_FILE = re.compile(r"[0-9a-f]{2}[/\\][0-9a-f]{2}[/\\][0-9a-f]{28}\.val")


class UntrustedCache(Exception):
    """The cache directory or database is not safe to open; the tier is refused."""


@functools.cache
def _disk_class() -> Any:
    import diskcache
    from diskcache.core import MODE_RAW

    class BytesDisk(diskcache.Disk):  # type: ignore[misc]
        """diskcache's Disk without pickle: plain values inline, anything else refused."""

        def __init__(self, directory: str, **_planted_settings: Any) -> None:
            super().__init__(directory, min_file_size=_INLINE_LIMIT, pickle_protocol=0)

        def put(self, key: Any) -> tuple[Any, bool]:
            if type(key) not in (bytes, str, int, float):
                raise TypeError(f"cache keys are bytes or str, not {type(key).__name__}")
            return super().put(key)  # type: ignore[no-any-return]

        def get(self, key: Any, raw: bool) -> Any:
            if not raw:
                return UNTRUSTED_KEY
            return bytes(key) if isinstance(key, (bytes, memoryview)) else key

        def store(self, value: Any, read: bool, key: Any = None) -> tuple[int, int, None, Any]:
            if read or type(value) not in (bytes, str, int, float):
                raise TypeError(f"cache values are bytes or str, not {type(value).__name__}")
            return 0, MODE_RAW, None, sqlite3.Binary(value) if type(value) is bytes else value

        def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
            if mode != MODE_RAW or filename is not None or read:
                _warn_untrusted_row(self._directory, mode)
                return None
            return bytes(value) if isinstance(value, (bytes, memoryview)) else value

        def remove(self, file_path: str) -> None:
            if _VALUE_FILE.fullmatch(str(file_path)):
                super().remove(file_path)

    return BytesDisk


_warned: set[str] = set()


def _warn_untrusted_row(directory: str, mode: int) -> None:
    if directory not in _warned:
        _warned.add(directory)
        log.warning(
            "embedding cache: ignored an entry in %s stored in diskcache mode %d (modelcfg stores plain "
            "bytes only and never unpickles); run `modelcfg cache clear` or delete the directory",
            directory,
            mode,
        )


def open_cache(path: Path, *, timeout: float, **settings: Any) -> Any:
    """A `diskcache.Cache` at `path` that never unpickles; raises `UntrustedCache` when refused."""
    import diskcache
    from diskcache.core import DEFAULT_SETTINGS

    reason = untrusted_reason(path)
    if reason is not None:
        raise UntrustedCache(reason)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new cache is private to its user
    _check_settings(path / "cache.db", set(DEFAULT_SETTINGS))
    chosen = {**DEFAULT_SETTINGS, "disk_min_file_size": _INLINE_LIMIT, "disk_pickle_protocol": 0, **settings}
    try:
        return diskcache.Cache(str(path), timeout=timeout, disk=_disk_class(), **chosen)
    except (sqlite3.Error, OSError, diskcache.Timeout):
        raise
    except Exception as exc:  # a planted database can make diskcache's setup fail in any way
        raise UntrustedCache(f"{path / 'cache.db'} is not a modelcfg cache ({type(exc).__name__})") from exc


def _check_settings(db: Path, known: set[str]) -> None:
    """Refuse a database whose Settings rows diskcache would apply blindly: unknown keys, or
    counters (count, size, hits, misses) that are not integers."""
    if not db.exists():
        return
    with closing(sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=1.0)) as conn:
        try:
            rows = dict(conn.execute("SELECT key, value FROM Settings").fetchall())
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return
            raise
    unknown = sorted(str(k) for k in rows if k not in known and k not in _COUNTERS)
    if unknown:
        raise UntrustedCache(f"{db} has settings modelcfg never writes ({', '.join(unknown[:3])}): not ours")
    if any(type(rows[k]) is not int for k in _COUNTERS if k in rows):
        raise UntrustedCache(f"{db} has counters that are not integers: not ours")


def untrusted_reason(path: Path) -> str | None:
    """Why the cache at `path` must not be used (another user's, or writable by others), or None."""
    if not hasattr(os, "geteuid"):
        return None
    me = os.geteuid()
    for owned in (path, path / "cache.db"):
        try:
            info = owned.stat()
        except FileNotFoundError:
            continue
        if info.st_uid != me:
            return f"{owned} belongs to another user (uid {info.st_uid}): use a directory of your own"
        if _writable_by_others(info):
            return f"{owned} is writable by every user: run `chmod o-w {owned}` or use another directory"
    for parent in path.absolute().parents:
        try:
            info = parent.stat()
        except OSError:
            continue
        if _writable_by_others(info):
            return f"{parent} is writable by every user (and not sticky): use another cache directory"
    return None


def _writable_by_others(info: os.stat_result) -> bool:
    return bool(info.st_mode & stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX
