"""The pure backoff function, Retry-After parsing and the circuit breaker state machine."""

from __future__ import annotations

import random

from modelcfg.runtime.backoff import RetryPolicy, backoff, retry_after
from modelcfg.runtime.breaker import Breaker, BreakerPolicy, MemoryBreakerStore

from tests.runtime.clock import FakeClock


def test_backoff_grows_and_caps() -> None:
    policy = RetryPolicy(backoff_initial_s=0.5, backoff_multiplier=2.0, backoff_max_s=3.0, jitter_s=0.0)
    rng = random.Random(0)
    assert [backoff(policy, n, rng) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_jitter_stays_in_bounds() -> None:
    policy = RetryPolicy(backoff_initial_s=1.0, jitter_s=0.25)
    waits = [backoff(policy, 1, random.Random(seed)) for seed in range(200)]
    assert all(1.0 <= w <= 1.25 for w in waits) and len(set(waits)) > 100


def test_retry_after_wins_only_when_honoured() -> None:
    rng = random.Random(0)
    assert backoff(RetryPolicy(), 1, rng, retry_after_s=12.0) == 12.0
    assert backoff(RetryPolicy(honor_retry_after=False, jitter_s=0), 1, rng, retry_after_s=12.0) == 0.5


def test_retry_after_headers() -> None:
    assert retry_after({"retry-after": "3"}) == 3.0
    assert retry_after({"retry-after-ms": "250", "retry-after": "3"}) == 0.25
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:10 GMT"}, now_epoch=1445412480.0) == 10.0
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None


def test_breaker_cycle() -> None:
    clock = FakeClock()
    breaker = Breaker(BreakerPolicy(failure_threshold=3, cooldown_s=10.0), clock, MemoryBreakerStore())
    for _ in range(2):
        breaker.failure("p/m")
    assert breaker.allow("p/m")
    breaker.success("p/m")  # success resets the count: failures must be consecutive
    for _ in range(3):
        breaker.failure("p/m")
    assert not breaker.allow("p/m") and breaker.is_open("p/m")
    clock.now += 10
    assert breaker.allow("p/m")  # the half-open probe
    assert not breaker.allow("p/m")  # only one
    breaker.failure("p/m")  # probe failed: open again for a full cooldown
    clock.now += 9
    assert not breaker.allow("p/m")
    clock.now += 1
    assert breaker.allow("p/m")
    breaker.success("p/m")
    assert breaker.allow("p/m") and not breaker.is_open("p/m")
    assert breaker.allow("other/m")
