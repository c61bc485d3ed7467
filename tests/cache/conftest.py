"""Fixtures for the embedding cache tests: a clock the test moves, and caches in tmp_path."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from modelcfg.runtime.cache import EmbeddingCache, EmbeddingSpace


class Clock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def config(
    *,
    memory: bool | dict[str, Any] = True,
    disk: bool | dict[str, Any] = True,
    redis: bool | dict[str, Any] = False,
) -> dict[str, Any]:
    """A `cache.embeddings` section as the compiler writes it; a dict turns a tier on with those overrides."""
    out: dict[str, dict[str, Any]] = {
        "memory": {"ttl_s": 300.0, "max_entries": 1000},
        "disk": {"path": "emb-cache", "size_limit_mb": 64, "ttl_s": None},
        "redis": {"url_env": "TEST_REDIS_URL", "ttl_s": 3600.0, "timeout_s": 0.2, "key_prefix": "test:emb:"},
    }
    for name, choice in (("memory", memory), ("disk", disk), ("redis", redis)):
        out[name]["enabled"] = bool(choice) or isinstance(choice, dict)
        if isinstance(choice, dict):
            out[name].update(choice)
    return out


def model_vector(space: EmbeddingSpace, text: str) -> list[float]:
    """A vector that differs per model, host, API and text (so serving another's is visible)."""
    dims = space.dimensions or 8
    seed = f"{space.api}|{space.host}|{space.model}|{text}".encode()
    words = b""
    while len(words) < dims * 4:
        words += hashlib.sha256(seed + len(words).to_bytes(4, "little")).digest()
    return [(x % 2000) / 1000.0 - 1.0 for x in struct.unpack(f"<{dims}I", words[: dims * 4])]


class Provider:
    """A batch embedding function for one space that records every batch it was sent."""

    def __init__(self, space: EmbeddingSpace) -> None:
        self.space = space
        self.batches: list[list[str]] = []

    def __call__(self, batch: list[str]) -> list[list[float]]:
        self.batches.append(list(batch))
        return [model_vector(self.space, t) for t in batch]

    @property
    def sent(self) -> list[str]:
        return [t for b in self.batches for t in b]


SPACE = EmbeddingSpace.of("openai", "https://api.openai.com/v1", "text-embedding-3-small", 16)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_cache(tmp_path: Path, clock: Clock) -> Iterator[Callable[..., EmbeddingCache]]:
    """Build caches over tmp_path (all sharing one disk directory) and close them after the test."""
    made: list[EmbeddingCache] = []

    def make(
        cfg: dict[str, Any] | None = None, *, environ: dict[str, str] | None = None, **kw: Any
    ) -> EmbeddingCache:
        kw.setdefault("retry_s", 30.0)
        cache = EmbeddingCache(cfg or config(), base_dir=tmp_path, environ=environ or {}, clock=clock, **kw)
        made.append(cache)
        return cache

    yield make
    for cache in made:
        cache.close()
