"""Provider rate-limit headers slow the next requests down (asserted on a controlled clock)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from modelcfg.runtime.errors import RateLimited
from modelcfg.runtime.ratelimit import RateLimiter
from modelcfg.runtime.ratelimit._signals import MAX_BLOCK_S, Signals, read_signals

from .entries import FakeClock, FakeEntry, Tokens

WALL = 1_800_000_000.0


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, Signals(block_s=7.0)),
        ({"retry-after-ms": "250", "retry-after": "9"}, Signals(block_s=0.25)),
        ({"Retry-After": format_datetime(datetime.fromtimestamp(WALL + 30, UTC), usegmt=True)}, Signals(30)),
        ({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s"}, Signals(360.0)),
        ({"x-ratelimit-remaining-requests": "3", "x-ratelimit-reset-requests": "20ms"}, Signals()),
        (
            {"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "1m2.5s"},
            Signals(block_s=62.5, tokens_remaining=0),
        ),
        ({"x-ratelimit-remaining-tokens": "1200", "x-ratelimit-reset-tokens": "20ms"}, Signals(0.0, 1200)),
        (
            {
                "anthropic-ratelimit-requests-remaining": "0",
                "anthropic-ratelimit-requests-reset": iso(WALL + 12),
            },
            Signals(block_s=12.0),
        ),
        (
            {
                "anthropic-ratelimit-tokens-remaining": "900",
                "anthropic-ratelimit-input-tokens-remaining": "400",
            },
            Signals(tokens_remaining=400),
        ),
        ({"retry-after": "soon", "x-ratelimit-remaining-tokens": "many"}, Signals()),
        ({"content-type": "application/json"}, Signals()),
    ],
)
def test_read_signals(headers: dict[str, str], expected: Signals) -> None:
    got = read_signals(headers, WALL)
    assert got.block_s == pytest.approx(min(expected.block_s, MAX_BLOCK_S))
    assert got.tokens_remaining == expected.tokens_remaining


def setup(limits: dict[str, object]) -> tuple[RateLimiter, FakeClock, FakeEntry]:
    clock = FakeClock(wall=WALL)
    lim = RateLimiter(clock=clock, sleep=clock.sleep, asleep=clock.asleep, wall=clock.wall)
    return lim, clock, FakeEntry(limits)


def test_retry_after_holds_the_next_request_back() -> None:
    lim, clock, entry = setup({"rpm": 6000, "max_wait_s": 30})
    r = lim.acquire(entry, 0)
    lim.settle(entry, r, None, {"retry-after": "3"})
    lim.acquire(entry, 0)
    assert clock.sleeps == [pytest.approx(3.0)]
    assert clock() == pytest.approx(1003.0)


def test_retry_after_beyond_max_wait_refuses_with_the_providers_time() -> None:
    lim, _, entry = setup({"rpm": 6000, "max_wait_s": 1})
    lim.settle(entry, lim.acquire(entry, 0), None, {"retry-after-ms": "4500"})
    with pytest.raises(RateLimited) as info:
        lim.acquire(entry, 0)
    assert info.value.retry_after_s == pytest.approx(4.5)


def test_openai_remaining_zero_waits_for_the_reset() -> None:
    lim, clock, entry = setup({"rpm": 6000, "max_wait_s": 30})
    headers = {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1.5s"}
    lim.settle(entry, lim.acquire(entry, 0), Tokens(10, 10), headers)
    lim.acquire(entry, 0)
    assert clock.sleeps == [pytest.approx(1.5)]


def test_remaining_tokens_shrink_the_local_token_budget() -> None:
    lim, clock, entry = setup({"tpm": 60000, "max_wait_s": 30})  # 1000 tokens/s
    r = lim.acquire(entry, 100)
    # the provider sees other traffic too: only 2000 tokens are left of its 60000
    lim.settle(entry, r, Tokens(50, 50), {"x-ratelimit-remaining-tokens": "2000"})
    lim.acquire(entry, 2000)
    assert clock.sleeps == []
    lim.acquire(entry, 3000)  # 3000 more take 3 s at 1000/s
    assert clock.sleeps == [pytest.approx(3.0)]


def test_anthropic_reset_time_is_read_against_the_wall_clock() -> None:
    lim, clock, entry = setup({"rpm": 6000, "max_wait_s": 30})
    headers = {
        "anthropic-ratelimit-tokens-remaining": "0",
        "anthropic-ratelimit-tokens-reset": iso(WALL + 8),
    }
    lim.settle(entry, lim.acquire(entry, 0), None, headers)
    lim.acquire(entry, 0)
    assert clock.sleeps == [pytest.approx(8.0)]
