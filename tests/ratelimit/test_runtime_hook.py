"""The limiter inside the Runtime, against the emulator: provider headers slow the next requests.

The Runtime's clock and sleep are a FakeClock, so waits of seconds take no time.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from modelcfg.runtime.client import Runtime
from modelcfg.runtime.errors import RateLimited
from modelcfg.runtime.ratelimit import RateLimiter

from tests.emulator import Emulator, Fault, status
from tests.runtime.tables import body, envelope, model, provider

from .entries import FakeClock


def table(emu: Emulator, limits: dict[str, Any], backup: bool = False) -> dict[str, Any]:
    providers = {
        "openai": provider("openai", emu.base("openai"), {"medium": model("limited-x", rate_limits=limits)})
    }
    chains = None
    if backup:
        providers["backup"] = provider("openai", emu.base("openai"), {"medium": model("backup-x")})
        chains = {"openai/medium": ["openai/medium", "backup/medium"]}
    return envelope(body(providers, chains, default_provider="openai", retry={"attempts": 1}))


def runtime(emu: Emulator, clock: FakeClock, limits: dict[str, Any], backup: bool = False) -> Runtime:
    return Runtime.from_table(table(emu, limits, backup), clock=clock, sleep=clock.sleep, asleep=clock.asleep)


def test_the_runtime_limits_when_the_table_has_rate_limits(emulator: Emulator) -> None:
    clock = FakeClock()
    with runtime(emulator, clock, {"rpm": 60, "max_wait_s": 5}) as rt:
        assert isinstance(rt.limiter, RateLimiter)
        for _ in range(3):
            rt.generate_text("hi", max_tokens=8)
        assert clock.sleeps == [pytest.approx(1.0), pytest.approx(1.0)]
        u = rt.limiter.usage()["openai/limited-x"]
        assert (u.requests, u.throttled) == (3, 2) and u.output_tokens > 0


def test_openai_ratelimit_headers_slow_the_next_request(emulator: Emulator) -> None:
    clock = FakeClock()
    headers = {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2s"}
    emulator.script("limited-x", Fault(headers=headers))  # a 200 that says the budget is spent
    with runtime(emulator, clock, {"rpm": 6000, "max_wait_s": 5}) as rt:
        rt.generate_text("hi", max_tokens=8)
        sent_first = clock()
        rt.generate_text("hi", max_tokens=8)
        assert clock() - sent_first == pytest.approx(2.0)  # held back until the provider's reset
    assert clock.sleeps == [pytest.approx(2.0)]  # on the injected sleep, never time.sleep
    assert emulator.count("limited-x") == 2


def test_retry_after_moves_the_next_call_to_the_next_entry(emulator: Emulator) -> None:
    clock = FakeClock()
    emulator.script("limited-x", status(429, retry_after="3"))
    with runtime(emulator, clock, {"rpm": 6000, "max_wait_s": 1}, backup=True) as rt:
        assert rt.generate_text("hi", max_tokens=8).model == "backup-x"  # the 429 itself
        assert rt.generate_text("hi", max_tokens=8).model == "backup-x"  # held back locally: 3 s > 1 s
        assert emulator.count("limited-x") == 1
        clock.sleep(3.0)
        assert rt.generate_text("hi", max_tokens=8).model == "limited-x"  # the block is over


def test_every_budget_spent_raises_rate_limited_with_the_time_to_a_slot(emulator: Emulator) -> None:
    clock = FakeClock()
    with runtime(emulator, clock, {"rpm": 6, "max_wait_s": 0}) as rt:
        rt.generate_text("hi", max_tokens=8)
        with pytest.raises(RateLimited) as info:
            rt.generate_text("hi", max_tokens=8)
    assert info.value.retry_after_s == pytest.approx(10.0)
    assert emulator.count("limited-x") == 1


def test_anthropic_reset_headers_slow_the_next_request(emulator: Emulator) -> None:
    clock = FakeClock()
    reset = datetime.fromtimestamp(time.time() + 2.0, UTC).isoformat()
    headers = {"anthropic-ratelimit-requests-remaining": "0", "anthropic-ratelimit-requests-reset": reset}
    emulator.script("claude-limited", Fault(headers=headers))
    limits = {"rpm": 6000, "max_wait_s": 5}
    p = provider(
        "anthropic", emulator.base("anthropic"), {"medium": model("claude-limited", rate_limits=limits)}
    )
    with Runtime.from_table(envelope(body({"anthropic": p})), clock=clock, sleep=clock.sleep) as rt:
        rt.generate_text("hi", max_tokens=8)
        sent_first = clock()
        rt.generate_text("hi", max_tokens=8)
        assert clock() - sent_first == pytest.approx(2.0, abs=0.3)  # until the reset the header named


def test_async_calls_wait_on_the_async_sleep(emulator: Emulator) -> None:
    clock = FakeClock()

    async def go() -> list[float]:
        async with runtime(emulator, clock, {"rpm": 30, "max_wait_s": 5}) as rt:
            sent = []
            for _ in range(3):
                await rt.agenerate_text("hi", max_tokens=8)
                sent.append(clock())
            return sent

    assert asyncio.run(go()) == [1000.0, pytest.approx(1002.0), pytest.approx(1004.0)]
    assert emulator.count("limited-x") == 3
