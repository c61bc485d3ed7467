"""What the compiler reads in the editor: unsaved buffers over the disk, parsed once per content.

`OverlayReader` is a compiler `Reader` (project-relative POSIX paths) that answers from the
editor's open buffers first and the filesystem second. Its `parse` method reuses the parsed
`Source` of any file whose bytes are unchanged (keyed by a content hash), so a keystroke in one
layer re-parses that layer only.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path

from modelcfg.compiler.load import parse
from modelcfg.compiler.source import Source

__all__ = ["OverlayReader", "ParseCache"]


class ParseCache:
    """Parsed sources keyed by (label, content hash); least recently used entries drop first."""

    def __init__(self, size: int = 512) -> None:
        self._entries: OrderedDict[tuple[str, bytes], Source] = OrderedDict()
        self._size = size
        self.hits = 0
        self.misses = 0

    def parse(self, label: str, data: bytes) -> Source:
        """``parse(label, data)``, from the cache when the same label had the same bytes.

        A `LoadError` is not cached: a broken file is re-parsed (cheaply failing) each time.
        """
        key = (label, hashlib.blake2b(data, digest_size=16).digest())
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            return found
        self.misses += 1
        source = parse(label, data)
        self._entries[key] = source
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return source


class OverlayReader:
    """Reads a project rooted at ``root``: open buffers (by absolute path) win over the disk."""

    def __init__(self, root: Path, buffers: Mapping[Path, str], cache: ParseCache) -> None:
        self.root = root
        self._buffers = buffers
        self._cache = cache

    def read_bytes(self, relpath: str) -> bytes:
        path = self.root / relpath
        text = self._buffers.get(path)
        return text.encode("utf-8") if text is not None else path.read_bytes()

    def exists(self, relpath: str) -> bool:
        path = self.root / relpath
        return path in self._buffers or path.is_file()

    def parse(self, label: str, data: bytes) -> Source:
        """How the compiler turns this reader's bytes into a `Source` (shared, hash-keyed cache)."""
        return self._cache.parse(label, data)
