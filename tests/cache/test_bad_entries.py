"""Every vector read from a tier is checked; a bad one is a miss, is deleted and is logged once."""

from __future__ import annotations

import logging
import math
import sqlite3
import struct

import pytest
from modelcfg.runtime.cache._vectors import pack

from tests.redis_server import RedisServer

from .conftest import SPACE, Provider, config, model_vector

GOOD = pack(model_vector(SPACE, "hello"), 16)
WRONG_LENGTH = pack(model_vector(SPACE, "hello")[:12], 12)
NOT_FINITE = struct.pack("<16f", *([0.5] * 15 + [math.nan]))
INFINITE = struct.pack("<16f", *([math.inf] + [0.5] * 15))


def bad_entry_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "dropped a bad" in r.getMessage()]


def read_twice(cache, caplog) -> Provider:
    provider = Provider(SPACE)
    with caplog.at_level(logging.WARNING, logger="modelcfg.runtime.embed_cache"):
        for _ in range(2):
            [vector] = cache.get_or_compute(SPACE, ["hello"], provider, batch_size=8)
            assert list(vector) == pytest.approx(model_vector(SPACE, "hello"), abs=1e-6)
    return provider


def test_wrong_length_in_memory(make_cache, caplog) -> None:
    cache = make_cache(config(disk=False))
    assert cache.memory is not None
    cache.memory.set_many([((SPACE.id, "hello"), WRONG_LENGTH)])
    provider = read_twice(cache, caplog)
    assert provider.sent == ["hello"]
    assert len(bad_entry_warnings(caplog)) == 1
    assert "memory" in bad_entry_warnings(caplog)[0]
    assert cache.memory.get_many([(SPACE.id, "hello")]) == [GOOD]


@pytest.mark.parametrize("planted", [WRONG_LENGTH, NOT_FINITE, INFINITE, b"", "text, not bytes"])
def test_bad_disk_entry(make_cache, caplog, planted) -> None:
    cache = make_cache(config(memory=False))
    assert cache.disk is not None
    cache.disk._open().set(SPACE.key("hello"), planted)
    provider = read_twice(cache, caplog)
    assert provider.sent == ["hello"]
    assert len(bad_entry_warnings(caplog)) == 1
    assert cache.disk.get_many([SPACE.key("hello")]) == [GOOD]
    assert cache.stats().bad_entries == 1


def test_truncated_disk_entry(make_cache, tmp_path, caplog) -> None:
    """A value cut short inside the SQLite file itself (as a torn write would leave it)."""
    writer = make_cache(config(memory=False))
    writer.get_or_compute(SPACE, ["hello", "world"], Provider(SPACE), batch_size=8)
    writer.close()
    with sqlite3.connect(tmp_path / "emb-cache" / "cache.db") as db:
        changed = db.execute(
            "UPDATE Cache SET value = substr(value, 1, 37) WHERE key = ?", (SPACE.key("hello"),)
        )
        assert changed.rowcount == 1
    reader = make_cache(config(memory=False))
    provider = read_twice(reader, caplog)
    assert provider.sent == ["hello"]
    assert len(bad_entry_warnings(caplog)) == 1
    [world] = reader.get_or_compute(SPACE, ["world"], provider, batch_size=8)
    assert provider.sent == ["hello"]  # the intact neighbour is still a hit
    assert list(world) == pytest.approx(model_vector(SPACE, "world"), abs=1e-6)


@pytest.mark.parametrize("planted", [WRONG_LENGTH, NOT_FINITE])
def test_bad_redis_entry(make_cache, redis_server: RedisServer, caplog, planted) -> None:
    cache = make_cache(
        config(memory=False, disk=False, redis=True), environ={"TEST_REDIS_URL": redis_server.url}
    )
    client = redis_server.client()
    client.set("test:emb:" + SPACE.key("hello"), planted)
    provider = read_twice(cache, caplog)
    assert provider.sent == ["hello"]
    assert len(bad_entry_warnings(caplog)) == 1
    assert client.get("test:emb:" + SPACE.key("hello")) == GOOD


def test_provider_returning_wrong_dimensions_is_an_error_not_cached(make_cache) -> None:
    from modelcfg.runtime.errors import BadResponse

    cache = make_cache()

    def short(batch: list[str]) -> list[list[float]]:
        return [[0.1] * 12 for _ in batch]

    with pytest.raises(BadResponse, match=r"12 values.*dimensions 16"):
        cache.get_or_compute(SPACE, ["hello"], short, batch_size=8)
    with pytest.raises(BadResponse, match="returned 0 vectors for 1 texts"):
        cache.get_or_compute(SPACE, ["hello"], lambda batch: [], batch_size=8)
    assert cache.lookup(SPACE, ["hello"]) == {}
