"""A failing Redis or disk never fails a request: the other tiers carry on, with one warning."""

from __future__ import annotations

import logging

import pytest

from tests.redis_server import RedisServer

from .conftest import SPACE, Provider, config, model_vector

LOGGER = "modelcfg.runtime.embed_cache"


def unavailable(caplog: pytest.LogCaptureFixture, tier: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if f"{tier} tier unavailable" in r.getMessage()]


def check(vectors, texts) -> None:
    assert [list(v) for v in vectors] == [pytest.approx(model_vector(SPACE, t), abs=1e-6) for t in texts]


def test_redis_killed_mid_run_loses_no_request(make_cache, redis_server: RedisServer, clock, caplog) -> None:
    cache = make_cache(
        config(memory=False, disk=False, redis=True), environ={"TEST_REDIS_URL": redis_server.url}
    )
    provider = Provider(SPACE)
    caplog.set_level(logging.INFO, logger=LOGGER)
    for i in range(20):
        if i == 8:
            redis_server.kill()
        texts = [f"t{i}", f"t{i + 1}", "shared"]
        check(cache.get_or_compute(SPACE, texts, provider, batch_size=2), texts)
    assert len(unavailable(caplog, "redis")) == 1
    assert cache.redis is not None and cache.redis.outage.down
    assert cache.redis.outage.failures == 1  # resting: not retried before retry_s

    redis_server.restart()
    clock.advance(31.0)
    check(cache.get_or_compute(SPACE, ["after"], provider, batch_size=2), ["after"])
    assert not cache.redis.outage.down
    assert redis_server.client().exists("test:emb:" + SPACE.key("after")) == 1
    assert any("redis tier is back" in r.getMessage() for r in caplog.records)
    assert len(unavailable(caplog, "redis")) == 1


def test_redis_still_down_at_retry_is_quiet(make_cache, redis_server: RedisServer, clock, caplog) -> None:
    cache = make_cache(config(redis=True), environ={"TEST_REDIS_URL": redis_server.url})
    redis_server.kill()
    provider = Provider(SPACE)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(3):
            check(cache.get_or_compute(SPACE, ["x", "y"], provider, batch_size=8), ["x", "y"])
            clock.advance(31.0)
            cache.memory.clear()
            cache.disk.clear()
    assert cache.redis is not None and cache.redis.outage.failures >= 3
    assert len(unavailable(caplog, "redis")) == 1


def test_slow_redis_is_skipped_after_its_timeout(make_cache, redis_server: RedisServer, caplog) -> None:
    cache = make_cache(
        config(memory=False, redis={"timeout_s": 0.1}), environ={"TEST_REDIS_URL": redis_server.url}
    )
    provider = Provider(SPACE)
    check(cache.get_or_compute(SPACE, ["warm"], provider, batch_size=8), ["warm"])  # connected
    redis_server.pause()
    try:
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            for i in range(5):
                check(
                    cache.get_or_compute(SPACE, [f"s{i}", "warm"], provider, batch_size=8), [f"s{i}", "warm"]
                )
    finally:
        redis_server.resume()
    assert cache.redis is not None and cache.redis.outage.failures == 1
    assert "TimeoutError" in unavailable(caplog, "redis")[0]
    assert provider.sent == ["warm", "s0", "s1", "s2", "s3", "s4"]  # the disk tier kept serving "warm"


def test_redis_url_variable_missing_means_local_tiers(make_cache, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        cache = make_cache(config(redis=True), environ={})
    assert cache.redis is None
    assert any("$TEST_REDIS_URL is not set" in r.getMessage() for r in caplog.records)
    assert {t.name: t.state for t in cache.stats().tiers}["redis"] == "unusable"
    check(cache.get_or_compute(SPACE, ["a"], Provider(SPACE), batch_size=8), ["a"])


def test_corrupt_disk_cache_is_bypassed(make_cache, tmp_path, caplog) -> None:
    make_cache(config(memory=False)).get_or_compute(SPACE, ["a"], Provider(SPACE), batch_size=8)
    db = tmp_path / "emb-cache" / "cache.db"
    for leftover in tmp_path.joinpath("emb-cache").glob("cache.db-*"):
        leftover.unlink()
    db.write_bytes(b"this is not an SQLite database" * 100)
    cache = make_cache(config())
    provider = Provider(SPACE)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(3):
            check(cache.get_or_compute(SPACE, ["a", "b"], provider, batch_size=8), ["a", "b"])
    assert provider.sent == ["a", "b"]  # memory still caches
    assert len(unavailable(caplog, "disk")) == 1
    assert "DatabaseError" in unavailable(caplog, "disk")[0]
    assert {t.name: t.state for t in cache.stats().tiers}["disk"] == "down"


def test_unusable_disk_path_is_bypassed(make_cache, tmp_path, caplog) -> None:
    (tmp_path / "emb-cache").write_text("a file where the cache directory should be")
    cache = make_cache(config())
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        check(cache.get_or_compute(SPACE, ["a"], Provider(SPACE), batch_size=8), ["a"])
    assert len(unavailable(caplog, "disk")) == 1


def test_full_disk_is_bypassed(make_cache, caplog) -> None:
    """SQLite's own "database or disk is full", from a page limit on the real cache file."""
    cache = make_cache(config())
    provider = Provider(SPACE)
    check(cache.get_or_compute(SPACE, ["a"], provider, batch_size=8), ["a"])
    assert cache.disk is not None
    db = cache.disk._open()
    pages = db._sql("PRAGMA page_count").fetchone()[0]
    db._sql(f"PRAGMA max_page_count = {pages}")
    texts = [f"t{i}" for i in range(400)]  # more than the pages left can hold
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(2):
            check(cache.get_or_compute(SPACE, texts, provider, batch_size=100), texts)
    assert "full" in unavailable(caplog, "disk")[0]
    assert len(unavailable(caplog, "disk")) == 1
    assert provider.sent == ["a", *texts]  # memory kept them
