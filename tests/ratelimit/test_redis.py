"""`scope: redis`: budgets shared through a real redis-server, and what happens when it goes away."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time

import pytest
from modelcfg.runtime.errors import RateLimited
from modelcfg.runtime.ratelimit import RateLimiter, read_fleet_usage

from tests.redis_server import RedisServer

from .entries import FakeEntry, Tokens, max_in_window

URL_ENV = "TEST_RL_REDIS_URL"


def shared(limits: dict[str, object]) -> FakeEntry:
    return FakeEntry({**limits, "scope": "redis", "redis_url_env": URL_ENV})


def limiter(server: RedisServer, **options: float) -> RateLimiter:
    return RateLimiter(environ={URL_ENV: server.url}, **options)


def test_two_limiters_share_one_budget(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 6000, "max_wait_s": 5})  # 100/s, burst 10
    a, b = limiter(redis_server), limiter(redis_server)
    times: list[float] = []
    lock = threading.Lock()

    def run(lim: RateLimiter) -> None:
        for _ in range(40):
            r = lim.acquire(entry, 0)
            with lock:
                times.append(time.monotonic())
            lim.settle(entry, r, None, {})

    threads = [threading.Thread(target=run, args=(lim,)) for lim in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(times) == 80
    assert max_in_window(times, 0.5) <= 50 + 10 + 2  # half a second of rate + burst (+ timer jitter)
    assert max(times) - min(times) >= (80 - 10) / 100 - 0.05
    fleet = read_fleet_usage(redis_server.client())["openai/gpt-4.1"]
    assert fleet.requests == 80
    assert fleet.throttled > 0


def test_tokens_are_reserved_and_corrected_on_the_server(redis_server: RedisServer) -> None:
    entry = shared({"tpm": 60000, "max_wait_s": 0})  # 1000 tokens/s
    a, b = limiter(redis_server), limiter(redis_server)
    r = a.acquire(entry, 60000)
    with pytest.raises(RateLimited) as info:
        b.acquire(entry, 5000)
    assert info.value.retry_after_s == pytest.approx(5.0, abs=0.2)
    a.settle(entry, r, Tokens(2000, 1000), {})  # 57000 handed back
    b.acquire(entry, 50000)
    fleet = read_fleet_usage(redis_server.client())["openai/gpt-4.1"]
    assert (fleet.requests, fleet.tokens_in, fleet.tokens_out, fleet.rejected) == (2, 2000, 1000, 1)


def test_retry_after_seen_by_one_process_holds_back_the_other(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 6000, "max_wait_s": 5})
    a, b = limiter(redis_server), limiter(redis_server)
    a.settle(entry, a.acquire(entry, 0), None, {"retry-after-ms": "300"})
    started = time.monotonic()
    b.acquire(entry, 0)
    assert 0.25 < time.monotonic() - started < 0.6


def test_concurrency_leases_are_fleet_wide(redis_server: RedisServer) -> None:
    entry = shared({"max_concurrency": 1, "max_wait_s": 0.1})
    a, b = limiter(redis_server), limiter(redis_server)
    held = a.acquire(entry, 0)
    with pytest.raises(RateLimited, match="1 requests in flight"):
        b.acquire(entry, 0)
    a.settle(entry, held, None, {})
    b.acquire(entry, 0)


def test_async_path_uses_the_same_budget(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 600, "max_wait_s": 5})
    lim = limiter(redis_server)

    async def go() -> list[float]:
        times = []
        for _ in range(4):
            r = await lim.aacquire(entry, 0)
            times.append(time.monotonic())
            await lim.asettle(entry, r, Tokens(1, 1), {})
        return times

    times = asyncio.run(go())
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) > 0.09
    assert read_fleet_usage(redis_server.client())["openai/gpt-4.1"].requests == 4


def test_redis_killed_degrades_to_local_share_then_recovers(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    entry = shared({"rpm": 1200, "max_wait_s": 5, "local_share": 0.5})  # 20/s shared, 10/s alone
    lim = limiter(redis_server, redis_reconnect_s=0.2)
    lim.settle(entry, lim.acquire(entry, 0), Tokens(1, 1), {})
    redis_server.kill()
    caplog.set_level(logging.WARNING, logger="modelcfg.ratelimit")
    times = []
    started = time.monotonic()
    for _ in range(8):
        r = lim.acquire(entry, 10)
        times.append(time.monotonic())
        lim.settle(entry, r, Tokens(3, 4), {})
    assert time.monotonic() - started < 1.5  # never stuck
    gaps = [b - a for a, b in itertools.pairwise(times[1:])]
    assert min(gaps) > 0.09  # held to the local share: 10/s
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "TEST_RL_REDIS_URL" in warnings[0].getMessage()
    assert lim.usage()["openai/gpt-4.1"].requests == 9  # nothing lost

    redis_server.restart()
    time.sleep(0.25)
    lim.settle(entry, lim.acquire(entry, 0), Tokens(1, 1), {})
    assert "back" in caplog.records[-1].getMessage()
    fleet = read_fleet_usage(redis_server.client())["openai/gpt-4.1"]
    assert fleet.requests == 9  # 8 counted while away + 1 after; the one before died with the server
    assert (fleet.tokens_in, fleet.tokens_out) == (8 * 3 + 1, 8 * 4 + 1)


def test_slow_redis_costs_one_timeout_then_local(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 60000, "max_wait_s": 5})
    lim = limiter(redis_server, redis_timeout_s=0.05, redis_reconnect_s=10)
    lim.acquire(entry, 0)
    redis_server.pause()
    try:
        started = time.monotonic()
        for _ in range(20):
            lim.settle(entry, lim.acquire(entry, 0), None, {})
        assert time.monotonic() - started < 0.5
    finally:
        redis_server.resume()


def test_unset_url_variable_limits_locally(caplog: pytest.LogCaptureFixture) -> None:
    entry = shared({"rpm": 600, "max_wait_s": 0, "local_share": 0.5})
    lim = RateLimiter(environ={})
    lim.acquire(entry, 0)
    with pytest.raises(RateLimited):
        lim.acquire(entry, 0)
    assert "$TEST_RL_REDIS_URL is not set" in caplog.text


def test_retry_after_is_heeded_locally_when_redis_died_in_between(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 60000, "max_wait_s": 5})
    lim = limiter(redis_server, redis_reconnect_s=10)
    r = lim.acquire(entry, 0)  # admitted by Redis ...
    redis_server.kill()  # ... which dies before the response comes back
    lim.settle(entry, r, None, {"retry-after-ms": "300"})
    started = time.monotonic()
    lim.acquire(entry, 0)
    assert 0.25 < time.monotonic() - started < 0.7


def test_async_path_degrades_and_recovers_too(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 600, "max_wait_s": 5, "local_share": 0.5})  # 10/s shared, 5/s alone
    lim = limiter(redis_server, redis_reconnect_s=0.1)

    async def go() -> list[float]:
        await lim.asettle(entry, await lim.aacquire(entry, 0), Tokens(1, 1), {})
        redis_server.kill()
        times = []
        for _ in range(3):
            r = await lim.aacquire(entry, 0)
            times.append(time.monotonic())
            await lim.asettle(entry, r, Tokens(1, 1), {})
        redis_server.restart()
        await asyncio.sleep(0.15)
        await lim.asettle(entry, await lim.aacquire(entry, 0), Tokens(1, 1), {})
        return times

    times = asyncio.run(go())
    assert min(b - a for a, b in itertools.pairwise(times)) > 0.19  # the local share: one per 0.2 s
    assert read_fleet_usage(redis_server.client())["openai/gpt-4.1"].requests == 4  # 3 while away + 1
