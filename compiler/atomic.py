"""The one writer of every file modelcfg writes (tables, exports, lint reports, scaffolds, caches).

Stdlib only, so the compile cache can use it without pydantic. A temp file in the target's
directory is written, fsynced and renamed over the target, so a reader (or a full disk, or
a crash) never leaves half a file: the old file stays whole until the new one is complete.
The target keeps its mode; a new file gets `0o666 & ~umask`, like `open(path, "w")`.
"""

import errno
import os
import stat
from pathlib import Path

__all__ = ["write_atomic", "write_error"]


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, LF) all at once; a missing parent directory is created.

    A target that exists and is not a regular file (`/dev/stdout`, a FIFO) is written in
    place: renaming over it would replace the device. A symlink is written through (the
    file it points at is replaced; the link stays). Raises OSError (see `write_error`).
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return
    import tempfile  # only writers need it

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def write_error(path: Path | str, exc: OSError) -> str:
    """The one-line message for a failed write: `cannot write PATH: REASON (the old file is unchanged)`."""
    reason = exc.strerror or str(exc)
    kept = " (the old file is unchanged)" if os.path.isfile(path) else ""
    return f"cannot write {path}: {reason.lower() if reason[:1].isupper() else reason}{kept}"


def _umask() -> int:
    """The process umask: from /proc on Linux (no change, so no race with other threads), else by
    setting it and putting it back."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_directory(folder: Path) -> None:
    """Make the rename durable; not every platform or filesystem can open a directory."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
