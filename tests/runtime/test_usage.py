"""The one usage counter: what the Runtime and the rate limiter count, and the fleet's Redis names."""

from __future__ import annotations

import threading

from modelcfg.runtime import ModelUsage, Usage
from modelcfg.runtime.ratelimit import fleet_row
from modelcfg.runtime.ratelimit._fleet_usage import hash_increments, usage_from_hash
from modelcfg.runtime.usage import UsageTracker


def test_calls_and_admissions_add_up_per_key() -> None:
    t = UsageTracker()
    t.record("openai/a", Usage(10, 2), 0.5)
    t.record("openai/a", Usage(5, 1), 0.25)
    t.record("openai/a", None, 9.0)  # a failure counts no latency
    t.admitted("openai/b", 0.0)
    t.admitted("openai/b", 1.5)
    t.rejected("openai/b", 2.0)
    t.tokens("openai/b", Usage(7, 3))
    snap = t.snapshot()
    assert list(snap) == ["openai/a", "openai/b"]
    assert snap["openai/a"] == ModelUsage(
        requests=2, failures=1, input_tokens=15, output_tokens=3, latency_s_total=0.75, latency_s_max=0.5
    )
    assert snap["openai/a"].latency_s_mean == 0.375
    assert snap["openai/b"] == ModelUsage(
        requests=2, input_tokens=7, output_tokens=3, throttled=2, rejected=1, wait_s=3.5
    )


def test_take_hands_over_and_starts_from_zero() -> None:
    t = UsageTracker()
    t.admitted("k", 0.0)
    t.add("k", ModelUsage(requests=2, latency_s_max=0.5))
    assert t.take() == {"k": ModelUsage(requests=3, latency_s_max=0.5)}
    assert t.snapshot() == {}


def test_threads_lose_no_count() -> None:
    t = UsageTracker()

    def work() -> None:
        for _ in range(2000):
            t.admitted("k", 0.0)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert t.snapshot()["k"].requests == 8000


def test_fleet_hash_keeps_its_field_names_and_round_trips() -> None:
    u = ModelUsage(requests=3, input_tokens=30, output_tokens=9, throttled=1, wait_s=0.5, failures=4)
    assert fleet_row(u) == {
        "requests": 3,
        "tokens_in": 30,
        "tokens_out": 9,
        "throttled": 1,
        "rejected": 0,
        "wait_s": 0.5,
    }
    assert "rejected" not in hash_increments(u)  # zero: nothing to add
    raw = {k.encode(): str(v).encode() for k, v in hash_increments(u).items()} | {b"unknown": b"1"}
    assert usage_from_hash(raw) == ModelUsage(
        requests=3, input_tokens=30, output_tokens=9, throttled=1, wait_s=0.5
    )
