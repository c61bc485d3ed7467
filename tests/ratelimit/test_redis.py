"""`scope: redis`: budgets shared through a real redis-server, and what happens when it goes away."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading

import pytest
from modelcfg.runtime.errors import RateLimited
from modelcfg.runtime.ratelimit import RateLimiter, read_fleet_usage

from tests.redis_server import RedisServer

from .entries import FakeClock, FakeEntry, Tokens

URL_ENV = "TEST_RL_REDIS_URL"


def shared(limits: dict[str, object]) -> FakeEntry:
    return FakeEntry({**limits, "scope": "redis", "redis_url_env": URL_ENV})


def limiter(server: RedisServer, clock: FakeClock | None = None, **options: float) -> RateLimiter:
    """A limiter on `server`; with `clock`, its local time (fallback budgets, reconnects) is fake."""
    if clock is None:
        return RateLimiter(environ={URL_ENV: server.url}, **options)
    timing = {"clock": clock, "sleep": clock.sleep, "asleep": clock.asleep, "wall": clock.wall}
    return RateLimiter(environ={URL_ENV: server.url}, **timing, **options)


class Waits:
    """A sleep that only records: the waits Redis scheduled (on its own clock) are the result.

    Slots are seconds apart, so a loaded machine's pauses of a few milliseconds between two
    calls cannot change what a test asserts.
    """

    def __init__(self) -> None:
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.waits.append(seconds)


def test_two_limiters_share_one_budget(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 60, "max_wait_s": 600})  # one per second, burst 1
    waits = Waits()
    a, b = (RateLimiter(environ={URL_ENV: redis_server.url}, sleep=waits.sleep) for _ in range(2))

    def run(lim: RateLimiter) -> None:
        for _ in range(10):
            lim.settle(entry, lim.acquire(entry, 0), None, {})

    threads = [threading.Thread(target=run, args=(lim,)) for lim in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 20 requests from two processes' worth of limiters, one slot per second between them: the
    # first is sent at once, the others wait for slots 1 s, 2 s, ... 19 s ahead (less the ms spent)
    assert sorted(waits.waits) == pytest.approx([float(k) for k in range(1, 20)], abs=0.5)
    fleet = read_fleet_usage(redis_server.client())["openai/gpt-4.1"]
    assert (fleet.requests, fleet.throttled) == (20, 19)


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
    assert (fleet.requests, fleet.input_tokens, fleet.output_tokens, fleet.rejected) == (2, 2000, 1000, 1)


def test_retry_after_seen_by_one_process_holds_back_the_other(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 6000, "max_wait_s": 5})
    waits = Waits()
    a, b = limiter(redis_server), RateLimiter(environ={URL_ENV: redis_server.url}, sleep=waits.sleep)
    a.settle(entry, a.acquire(entry, 0), None, {"retry-after": "3"})
    b.acquire(entry, 0)
    assert waits.waits == [pytest.approx(3.0, abs=0.5)]


def test_concurrency_leases_are_fleet_wide(redis_server: RedisServer) -> None:
    entry = shared({"max_concurrency": 1, "max_wait_s": 0.1})
    a, b = limiter(redis_server), limiter(redis_server)
    held = a.acquire(entry, 0)
    with pytest.raises(RateLimited, match="1 requests in flight"):
        b.acquire(entry, 0)
    a.settle(entry, held, None, {})
    b.acquire(entry, 0)


def test_async_path_uses_the_same_budget(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 60, "max_wait_s": 600})  # one per second
    waits = Waits()
    lim = RateLimiter(environ={URL_ENV: redis_server.url}, sleep=waits.sleep, asleep=waits.asleep)
    lim.settle(entry, lim.acquire(entry, 0), Tokens(1, 1), {})  # the sync path takes slot 0

    async def go() -> None:
        for _ in range(3):
            await lim.asettle(entry, await lim.aacquire(entry, 0), Tokens(1, 1), {})

    asyncio.run(go())
    assert waits.waits == pytest.approx([1.0, 2.0, 3.0], abs=0.5)  # slots after the sync one
    assert read_fleet_usage(redis_server.client())["openai/gpt-4.1"].requests == 4


def test_redis_killed_degrades_to_local_share_then_recovers(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    entry = shared({"rpm": 1200, "max_wait_s": 5, "local_share": 0.5})  # 20/s shared, 10/s alone
    clock = FakeClock()
    lim = limiter(redis_server, clock, redis_reconnect_s=0.2)
    lim.settle(entry, lim.acquire(entry, 0), Tokens(1, 1), {})
    redis_server.kill()
    caplog.set_level(logging.WARNING, logger="modelcfg.ratelimit")
    times = []
    for _ in range(8):
        r = lim.acquire(entry, 10)
        times.append(clock())
        lim.settle(entry, r, Tokens(3, 4), {})
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps == pytest.approx([0.1] * 7)  # held to the local share: 10/s
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "TEST_RL_REDIS_URL" in warnings[0].getMessage()
    assert f":{redis_server.port}" not in caplog.text  # the variable is named, never the URL or its host
    assert lim.usage()["openai/gpt-4.1"].requests == 9  # nothing lost

    redis_server.restart()
    clock.sleep(0.25)  # past redis_reconnect_s: the next call tries Redis again
    lim.settle(entry, lim.acquire(entry, 0), Tokens(1, 1), {})
    assert "back" in caplog.records[-1].getMessage()
    fleet = read_fleet_usage(redis_server.client())["openai/gpt-4.1"]
    assert fleet.requests == 9  # 8 counted while away + 1 after; the one before died with the server
    assert (fleet.input_tokens, fleet.output_tokens) == (8 * 3 + 1, 8 * 4 + 1)


def test_slow_redis_costs_one_timeout_then_local(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 60000, "max_wait_s": 5})
    clock = FakeClock()
    lim = limiter(redis_server, clock, redis_timeout_s=0.05, redis_reconnect_s=10)
    lim.acquire(entry, 0)
    redis_server.pause()
    try:
        for _ in range(20):
            lim.settle(entry, lim.acquire(entry, 0), None, {})
    finally:
        redis_server.resume()
    store = lim.store_for(lim.limits_for(entry)[1] or pytest.fail("entry has limits"))
    assert store.health.failures == 1  # one timeout; then local until reconnect_s has passed
    assert lim.usage()["openai/gpt-4.1"].requests == 21


def test_unset_url_variable_limits_locally(caplog: pytest.LogCaptureFixture) -> None:
    entry = shared({"rpm": 600, "max_wait_s": 0, "local_share": 0.5})
    lim = RateLimiter(environ={})
    lim.acquire(entry, 0)
    with pytest.raises(RateLimited):
        lim.acquire(entry, 0)
    assert "$TEST_RL_REDIS_URL is not set" in caplog.text


def test_retry_after_is_heeded_locally_when_redis_died_in_between(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 60000, "max_wait_s": 5})
    clock = FakeClock()
    lim = limiter(redis_server, clock, redis_reconnect_s=10)
    r = lim.acquire(entry, 0)  # admitted by Redis ...
    redis_server.kill()  # ... which dies before the response comes back
    lim.settle(entry, r, None, {"retry-after-ms": "300"})
    lim.acquire(entry, 0)
    assert clock.sleeps == [pytest.approx(0.3)]


def test_async_path_degrades_and_recovers_too(redis_server: RedisServer) -> None:
    entry = shared({"rpm": 600, "max_wait_s": 5, "local_share": 0.5})  # 10/s shared, 5/s alone
    clock = FakeClock()
    lim = limiter(redis_server, clock, redis_reconnect_s=0.1)

    async def go() -> list[float]:
        await lim.asettle(entry, await lim.aacquire(entry, 0), Tokens(1, 1), {})
        redis_server.kill()
        times = []
        for _ in range(3):
            r = await lim.aacquire(entry, 0)
            times.append(clock())
            await lim.asettle(entry, r, Tokens(1, 1), {})
        redis_server.restart()
        await clock.asleep(0.15)
        await lim.asettle(entry, await lim.aacquire(entry, 0), Tokens(1, 1), {})
        return times

    times = asyncio.run(go())
    assert [b - a for a, b in itertools.pairwise(times)] == pytest.approx([0.2, 0.2])  # the local share
    assert read_fleet_usage(redis_server.client())["openai/gpt-4.1"].requests == 4  # 3 while away + 1
