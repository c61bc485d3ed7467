"""Read-through with promotion, write-through, TTLs, and one MGET per batch."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from tests.redis_server import RedisServer

from .conftest import SPACE, Provider, config, model_vector


def test_memory_ttl_expires_with_the_clock(make_cache, clock) -> None:
    cache = make_cache(config(disk=False, memory={"ttl_s": 300.0}))
    provider = Provider(SPACE)
    cache.get_or_compute(SPACE, ["a"], provider, batch_size=8)
    clock.advance(299.0)
    cache.get_or_compute(SPACE, ["a"], provider, batch_size=8)
    assert provider.sent == ["a"]
    clock.advance(2.0)
    cache.get_or_compute(SPACE, ["a"], provider, batch_size=8)
    assert provider.sent == ["a", "a"]


def test_memory_is_size_bounded(make_cache) -> None:
    cache = make_cache(config(disk=False, memory={"max_entries": 3}))
    cache.get_or_compute(SPACE, ["a", "b", "c", "d", "e"], Provider(SPACE), batch_size=8)
    assert cache.memory is not None and cache.memory.count() == 3


def test_disk_and_redis_entries_carry_their_ttl(make_cache, redis_server: RedisServer) -> None:
    cache = make_cache(
        config(disk={"ttl_s": 120.0}, redis={"ttl_s": 60.0}), environ={"TEST_REDIS_URL": redis_server.url}
    )
    cache.get_or_compute(SPACE, ["a"], Provider(SPACE), batch_size=8)
    assert cache.disk is not None
    _, expire_time = cache.disk._open().get(SPACE.key("a"), expire_time=True)
    import time

    assert 100 < expire_time - time.time() <= 120
    assert 55_000 < redis_server.client().pttl("test:emb:" + SPACE.key("a")) <= 60_000


def test_disk_hit_is_promoted_to_memory(make_cache, clock) -> None:
    make_cache().get_or_compute(SPACE, ["a", "b"], Provider(SPACE), batch_size=8)
    fresh = make_cache()  # another process's view: empty memory, shared disk
    provider = Provider(SPACE)
    fresh.get_or_compute(SPACE, ["a", "b", "c"], provider, batch_size=8)
    assert provider.sent == ["c"]
    assert fresh.memory is not None and fresh.memory.count() == 3
    fresh.clear(["disk"])
    fresh.get_or_compute(SPACE, ["a", "b", "c"], provider, batch_size=8)
    assert provider.sent == ["c"]
    stats = {t.name: t for t in fresh.stats().tiers}
    assert (stats["memory"].hits, stats["memory"].misses) == (3, 3)
    assert (stats["disk"].hits, stats["disk"].misses) == (2, 1)


def test_redis_hit_is_promoted_to_disk_and_memory(make_cache, redis_server: RedisServer, tmp_path) -> None:
    env = {"TEST_REDIS_URL": redis_server.url}
    other_machine = make_cache(config(memory=False, disk=False, redis=True), environ=env)
    other_machine.get_or_compute(SPACE, ["a", "b"], Provider(SPACE), batch_size=8)
    here = make_cache(config(redis=True), environ=env)
    provider = Provider(SPACE)
    vectors = here.get_or_compute(SPACE, ["b", "a"], provider, batch_size=8)
    assert provider.sent == []
    assert [list(v) for v in vectors] == [pytest.approx(model_vector(SPACE, t), abs=1e-6) for t in ("b", "a")]
    assert here.disk is not None and here.disk.count() == 2
    assert here.memory is not None and here.memory.count() == 2


def test_a_batch_from_redis_is_one_mget(make_cache, redis_server: RedisServer) -> None:
    env = {"TEST_REDIS_URL": redis_server.url}
    texts = [f"text {i}" for i in range(100)]
    make_cache(config(memory=False, disk=False, redis=True), environ=env).get_or_compute(
        SPACE, texts, Provider(SPACE), batch_size=100
    )
    client = redis_server.client()
    client.config_resetstat()
    reader = make_cache(config(memory=False, disk=False, redis=True), environ=env)
    provider = Provider(SPACE)
    assert len(reader.get_or_compute(SPACE, texts, provider, batch_size=100)) == 100
    assert provider.sent == []
    commands = {name: stat["calls"] for name, stat in client.info("commandstats").items()}
    assert commands.get("cmdstat_mget") == 1
    assert commands.get("cmdstat_get") is None


def test_misses_are_written_in_one_pipeline(make_cache, redis_server: RedisServer) -> None:
    client = redis_server.client()
    client.config_resetstat()
    cache = make_cache(
        config(memory=False, disk=False, redis=True), environ={"TEST_REDIS_URL": redis_server.url}
    )
    cache.get_or_compute(SPACE, [f"t{i}" for i in range(10)], Provider(SPACE), batch_size=10)
    stats = client.info("stats")
    commands = client.info("commandstats")
    assert commands["cmdstat_set"]["calls"] == 10
    assert stats["total_connections_received"] == 1


def test_disk_is_size_bounded(make_cache) -> None:
    space = replace(SPACE, dimensions=1536)  # 6 KiB a vector: 500 of them are 3 MiB
    cache = make_cache(config(memory=False, disk={"size_limit_mb": 1}))
    texts = [f"t{i}" for i in range(500)]
    cache.get_or_compute(space, texts, Provider(space), batch_size=50)
    assert cache.disk is not None
    assert cache.disk.count() < 300
    assert cache.disk.volume() < 1.5 * 1024 * 1024
    provider = Provider(space)
    cache.get_or_compute(space, texts[-20:], provider, batch_size=50)
    assert provider.sent == []  # the most recently stored survive


def test_threads_share_one_cache(make_cache) -> None:
    cache = make_cache(config())
    provider = Provider(SPACE)
    texts = [f"t{i}" for i in range(40)]
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(30):
                chunk = texts[(offset + i) % 30 : (offset + i) % 30 + 10]
                got = cache.get_or_compute(SPACE, chunk, provider, batch_size=4)
                assert [list(v) for v in got] == [
                    pytest.approx(model_vector(SPACE, t), abs=1e-6) for t in chunk
                ]
        except BaseException as exc:  # collected: an assert in a thread would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n * 3,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(provider.sent) == set(texts[:39])
