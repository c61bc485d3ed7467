"""Reading a file that must be a regular file of bounded size, inside a known directory.

A config or cache path may name a FIFO (reading blocks forever), a device (`/dev/zero`
never ends), a symlink loop, or a symlink out of the project. `read_regular` opens
without blocking, checks what it opened, and reads at most `limit` bytes; stdlib only,
so the compile cache can use it without the compiler's heavy imports.
"""

import errno
import os
import stat
from pathlib import Path

__all__ = ["FileTooLarge", "NotRegularFile", "OutsideRoot", "inside", "read_regular"]


class NotRegularFile(OSError):
    """The path is a directory, FIFO, socket or device (`kind` says which), not a file."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class FileTooLarge(OSError):
    """The file is over the size limit; `size` is its size in bytes."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


class OutsideRoot(OSError):
    """The path resolves (through symlinks) to somewhere outside the root directory."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`; raises the errors above, or OSError (loop, missing)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            raise NotRegularFile(f"{path} is {kind}, not a file", kind)
        if info.st_size > limit:
            raise FileTooLarge(f"{path} is over the size limit", info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(f"{path} is over the size limit", len(data))
    return data


def inside(root: Path, path: Path) -> Path:
    """`path` with every symlink resolved; raises `OutsideRoot` when that is not under `root`."""
    real_root, real = _resolve(root), _resolve(path)
    if real != real_root and real_root not in real.parents:
        raise OutsideRoot(f"{path} resolves to a file outside {real_root}")
    return real


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except RuntimeError as exc:  # Python < 3.13 reports a symlink loop this way
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from exc


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"
