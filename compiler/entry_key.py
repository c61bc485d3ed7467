"""The per-user key that signs compile and lint cache entries.

`.modelcfg_cache/` lives in the project, so a repository can ship entries of its own:
a table that is not what its files say, or lint findings that hide its errors. Entries
are signed with 32 random bytes kept in the user's cache directory (file mode 0600),
created on first use; an entry someone else wrote fails the signature and is a miss.
Without a usable key (unwritable home, a key file that is not ours) there is no cache.
"""

import functools
import os
import stat
import sys
from pathlib import Path

__all__ = ["entry_key", "key_path"]

KEY_BYTES = 32


def key_path() -> Path:
    """`<user cache dir>/modelcfg/cache-entry.key`, the directory platformdirs names.

    On Linux that is `$XDG_CACHE_HOME` or `~/.cache`, computed here: a compile cache hit
    should not pay for importing platformdirs.
    """
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "modelcfg" / "cache-entry.key"
    import platformdirs

    return Path(platformdirs.user_cache_dir("modelcfg", appauthor=False)) / "cache-entry.key"


@functools.cache
def entry_key() -> bytes | None:
    """The signing key, created on first use; None when it cannot be read or made safely."""
    path = key_path()
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
    except FileExistsError:
        pass  # another process made it first
    except OSError:
        return None
    try:
        return _read(path)
    except OSError:
        return None


def _read(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
        private = not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
        if not (stat.S_ISREG(info.st_mode) and mine and private):
            raise PermissionError(f"{path} is not a private file of this user")
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise PermissionError(f"{path} is not a {KEY_BYTES}-byte key")
    return key
