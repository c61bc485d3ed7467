"""Admission overhead of the rate limiter, local and Redis-shared, against the `limits` library.

    .venv/bin/python benchmarks/ratelimit_bench.py [--n 20000] [--redis-n 2000] [--repeat 5]

Budgets (issue 9): local admission ≤ 5 µs per request; Redis-shared admission costs one
loopback round trip (compared with a bare PING in the same run). Peer, measured in the same
run: `limits` (pip install limits; the `bench` extra) used directly — its moving-window and
sliding-window-counter strategies over memory and over the same redis-server. Budgets are
set high enough that nothing waits: this measures bookkeeping, not sleeping. Medians of
`--repeat` rounds, µs per request; each round runs every contender once, so drifts in
the machine's load hit them alike. In-process rows are timed in thread CPU time (this machine
is shared, so wall time would count other processes' turns); rows that talk to Redis in wall
time. A Python baseline (a lock and a dict lookup) shows how fast this machine is right now.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modelcfg.runtime.ratelimit import RateLimiter

from tests.redis_server import RedisServer  # isort: skip

BIG = {"rpm": 10**9, "tpm": 10**12, "max_wait_s": 5.0}


@dataclass(frozen=True)
class Provider:
    name: str = "openai"
    timeout_s: float = 30.0


@dataclass(frozen=True)
class Entry:
    rate_limits: dict[str, Any]
    provider: Provider = field(default_factory=Provider)
    model_class: str = "large"
    model_id: str = "gpt-4.1"


@dataclass(frozen=True)
class Tokens:
    input_tokens: int = 400
    output_tokens: int = 100


def interleaved_us(
    contenders: list[tuple[str, Callable[[int], None]]], n: int, repeat: int, timer: Callable[[], float]
) -> list[tuple[str, float]]:
    """Median µs per op of each contender, measured round by round so load drifts hit all alike."""
    samples: dict[str, list[float]] = {name: [] for name, _ in contenders}
    for _ in range(repeat):
        for name, run in contenders:
            start = timer()
            run(n)
            samples[name].append((timer() - start) / n * 1e6)
    return [(name, statistics.median(times)) for name, times in samples.items()]


def lock_and_lookup(n: int) -> None:
    lock, table = threading.Lock(), {"openai/gpt-4.1": 1}
    for _ in range(n):
        with lock:
            table.get("openai/gpt-4.1")


def ours(limiter: RateLimiter, entry: Entry, settle: bool) -> Callable[[int], None]:
    usage = Tokens()

    def run(n: int) -> None:
        acquire, done = limiter.acquire, limiter.settle
        for _ in range(n):
            r = acquire(entry, 600)
            if settle:
                done(entry, r, usage, {})

    return run


def limits_lib(strategy: Any, storage: Any) -> Callable[[int], None]:
    from limits import RateLimitItemPerMinute

    item = RateLimitItemPerMinute(10**9)
    limiter = strategy(storage)

    def run(n: int) -> None:
        hit = limiter.hit
        for _ in range(n):
            hit(item, "openai", "gpt-4.1")

    return run


def limits_rpm_tpm(strategy: Any, storage: Any) -> Callable[[int], None]:
    """What ours does in one call, with `limits`: a request hit and a token hit (no refunds)."""
    from limits import RateLimitItemPerMinute

    requests, tokens = RateLimitItemPerMinute(10**9), RateLimitItemPerMinute(10**12)
    limiter = strategy(storage)

    def run(n: int) -> None:
        hit = limiter.hit
        for _ in range(n):
            if hit(requests, "openai", "gpt-4.1", "requests"):
                hit(tokens, "openai", "gpt-4.1", "tokens", cost=600)

    return run


def ping(client: Any) -> Callable[[int], None]:
    def run(n: int) -> None:
        for _ in range(n):
            client.ping()

    return run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--redis-n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from limits.storage import MemoryStorage, RedisStorage
    from limits.strategies import MovingWindowRateLimiter, SlidingWindowCounterRateLimiter

    local = Entry(BIG)
    rows = interleaved_us(
        [
            ("python baseline: lock + dict lookup", lock_and_lookup),
            ("ours, process: acquire", ours(RateLimiter(), local, False)),
            ("ours, process: acquire + settle", ours(RateLimiter(), local, True)),
            ("limits, memory, moving window: hit", limits_lib(MovingWindowRateLimiter, MemoryStorage())),
            (
                "limits, memory, sliding window counter: hit",
                limits_lib(SlidingWindowCounterRateLimiter, MemoryStorage()),
            ),
        ],
        args.n,
        args.repeat,
        time.thread_time,
    )
    with RedisServer.start() as server:
        shared = Entry({**BIG, "scope": "redis", "redis_url_env": "BENCH_REDIS"})
        env = {"BENCH_REDIS": server.url}
        rows += interleaved_us(
            [
                ("redis PING (one loopback round trip)", ping(server.client())),
                ("ours, redis: acquire", ours(RateLimiter(environ=env), shared, False)),
                ("ours, redis: acquire + settle", ours(RateLimiter(environ=env), shared, True)),
                (
                    "limits, redis, moving window: hit",
                    limits_lib(MovingWindowRateLimiter, RedisStorage(server.url)),
                ),
                (
                    "limits, redis, sliding window counter: hit",
                    limits_lib(SlidingWindowCounterRateLimiter, RedisStorage(server.url)),
                ),
                (
                    "limits, redis, moving window: rpm + tpm hits",
                    limits_rpm_tpm(MovingWindowRateLimiter, RedisStorage(server.url)),
                ),
            ],
            args.redis_n,
            args.repeat,
            time.perf_counter,
        )

    width = max(len(name) for name, _ in rows)
    for name, us in rows:
        print(f"{name:<{width}}  {us:8.2f} µs")
    got = dict(rows)
    local_us = got["ours, process: acquire"]
    rtt = got["redis PING (one loopback round trip)"]
    print()
    base = got["python baseline: lock + dict lookup"]
    verdict = "ok" if local_us <= 5 else "OVER BUDGET"
    print(
        f"local admission {local_us:.2f} µs CPU (budget 5 µs): {verdict}; {local_us / base:.1f}× the baseline"
    )
    print(f"redis admission = {got['ours, redis: acquire'] / rtt:.2f}× a PING round trip")
    ours_redis = got["ours, redis: acquire"]
    print(
        f"vs limits moving window: memory {got['limits, memory, moving window: hit'] / local_us:.1f}× ours, "
        f"redis {got['limits, redis, moving window: hit'] / ours_redis:.2f}× ours; rpm + tpm the way "
        f"ours checks them: {got['limits, redis, moving window: rpm + tpm hits'] / ours_redis:.2f}× ours"
    )


if __name__ == "__main__":
    main()
