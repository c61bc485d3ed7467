"""The circuit breaker's state shared through a real redis-server (`failover.breaker.scope: redis`)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from modelcfg.runtime.breaker import Breaker, BreakerPolicy
from modelcfg.runtime.breaker_redis import RedisBreakerStore
from modelcfg.runtime.client import Runtime

from tests.emulator import Emulator, status
from tests.redis_server import RedisServer
from tests.runtime.clock import FakeClock
from tests.runtime.tables import body, envelope, model, provider

POLICY = BreakerPolicy(failure_threshold=2, cooldown_s=0.2, scope="redis")


def breakers(server: RedisServer, n: int = 2) -> list[Breaker]:
    return [Breaker(POLICY, time.monotonic, RedisBreakerStore(server.url, reconnect_s=0.1)) for _ in range(n)]


def test_one_process_opening_stops_the_fleet_until_one_probe_succeeds(redis_server: RedisServer) -> None:
    a, b = breakers(redis_server)
    a.failure("openai/gpt-x")
    assert b.allow("openai/gpt-x")  # one failure: still closed
    b.failure("openai/gpt-x")
    assert not a.allow("openai/gpt-x") and not b.allow("openai/gpt-x")  # opened by the pair together
    time.sleep(0.25)
    assert [a.allow("openai/gpt-x"), b.allow("openai/gpt-x")] == [True, False]  # one half-open probe
    a.success("openai/gpt-x")
    assert b.allow("openai/gpt-x") and not b.is_open("openai/gpt-x")


def test_redis_away_keeps_the_breaker_working_locally(redis_server: RedisServer) -> None:
    clock = FakeClock()
    store = RedisBreakerStore(redis_server.url, reconnect_s=0.1, clock=clock)
    a = Breaker(POLICY, clock, store)
    redis_server.kill()
    a.failure("k")
    a.failure("k")
    assert not a.allow("k")  # the local state opened it
    assert store.health.failures == 1  # Redis was tried once, then left alone until reconnect_s
    redis_server.restart()
    clock.sleep(0.15)
    a.failure("j")
    assert redis_server.client().hget("modelcfg:breaker:j", "failures") == b"1"  # shared again


def table(emu: Emulator) -> dict[str, Any]:
    providers = {
        "openai": provider("openai", emu.base("openai"), {"medium": model("flaky-x")}),
        "backup": provider("openai", emu.base("openai"), {"medium": model("steady-x")}),
    }
    b = body(
        providers,
        {"openai/medium": ["openai/medium", "backup/medium"]},
        default_provider="openai",
        retry={"attempts": 1},
        breaker={"failure_threshold": 2, "cooldown_s": 30.0, "scope": "redis", "redis_url_env": "BRK_REDIS"},
    )
    return envelope(b)


def test_runtimes_share_an_open_breaker(emulator: Emulator, redis_server: RedisServer) -> None:
    env = {"BRK_REDIS": redis_server.url}
    emulator.script("flaky-x", status(503), status(503))
    with Runtime.from_table(table(emulator), environ=env) as first:
        for _ in range(2):
            assert first.generate_text("hi", max_tokens=8).model == "steady-x"
    assert emulator.count("flaky-x") == 2
    with Runtime.from_table(table(emulator), environ=env) as second:  # another process, same Redis
        assert second.generate_text("hi", max_tokens=8).model == "steady-x"
    assert emulator.count("flaky-x") == 2  # the open breaker kept it from sending there


def test_unset_url_variable_keeps_the_breaker_local(caplog: pytest.LogCaptureFixture) -> None:
    store = RedisBreakerStore.from_env("BRK_UNSET_URL", environ={})
    breaker = Breaker(POLICY, time.monotonic, store)
    breaker.failure("k")
    breaker.failure("k")
    assert not breaker.allow("k")
    assert "$BRK_UNSET_URL is not set" in caplog.text
