"""Process-scope limits: smooth admission, token reservations, waiting, refusing, concurrency."""

from __future__ import annotations

import asyncio
import itertools
import threading

import pytest
from modelcfg.runtime.errors import RateLimited
from modelcfg.runtime.ratelimit import Limits, RateLimiter

from .entries import FakeClock, FakeEntry, Tokens, max_in_window


def limiter(clock: FakeClock) -> RateLimiter:
    return RateLimiter(clock=clock, sleep=clock.sleep, asleep=clock.asleep, wall=clock.wall)


def send_times(lim: RateLimiter, clock: FakeClock, entry: FakeEntry, n: int, tokens: int = 0) -> list[float]:
    """Acquire n times back to back; the clock time each request would have been sent."""
    times = []
    for _ in range(n):
        r = lim.acquire(entry, tokens)
        times.append(clock())
        lim.settle(entry, r, None, {})
    return times


def test_rpm_is_paced_without_a_minute_boundary_burst() -> None:
    clock = FakeClock()
    entry = FakeEntry({"rpm": 600, "max_wait_s": 60})
    times = send_times(limiter(clock), clock, entry, 50)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) == pytest.approx(0.1)
    assert max_in_window(times) == 10  # rpm/60 plus a burst of 1, never more
    assert times[-1] - times[0] == pytest.approx(4.9)


def test_burst_is_100ms_worth_of_the_rate() -> None:
    clock = FakeClock()
    entry = FakeEntry({"rpm": 6000, "max_wait_s": 60})
    assert Limits.from_table(entry.rate_limits).burst == 10  # type: ignore[union-attr]
    times = send_times(limiter(clock), clock, entry, 200)
    assert times[:10] == [1000.0] * 10
    assert max_in_window(times) <= 100 + 10


def test_token_reservation_is_corrected_by_reported_usage() -> None:
    clock = FakeClock()
    lim = limiter(clock)
    entry = FakeEntry({"tpm": 6000, "max_wait_s": 60})  # 100 tokens/s, bucket of 6000
    r = lim.acquire(entry, 6000)  # the whole bucket is reserved ...
    lim.settle(entry, r, Tokens(300, 100), {})  # ... but only 400 were used
    lim.acquire(entry, 5000)
    assert clock.sleeps == []  # 5600 left: no wait
    r = lim.acquire(entry, 1000)  # 600 left: 400 more take 4 s
    assert clock.sleeps == [pytest.approx(4.0)]
    lim.settle(entry, r, Tokens(1500, 500), {})  # used double: the debt delays the next one
    lim.acquire(entry, 100)
    assert clock.sleeps[-1] == pytest.approx(11.0)
    u = lim.usage()["openai/gpt-4.1"]
    assert (u.requests, u.input_tokens, u.output_tokens, u.throttled) == (4, 1800, 600, 2)
    assert u.wait_s == pytest.approx(15.0)


def test_wait_longer_than_max_wait_raises_rate_limited_with_time_to_slot() -> None:
    clock = FakeClock()
    lim = limiter(clock)
    entry = FakeEntry({"rpm": 6, "max_wait_s": 2})  # one request per 10 s
    lim.acquire(entry, 0)
    with pytest.raises(RateLimited) as info:
        lim.acquire(entry, 0)
    assert info.value.retry_after_s == pytest.approx(10.0)
    assert info.value.status is None  # nothing was sent
    assert (info.value.provider, info.value.model) == ("openai", "gpt-4.1")
    assert "max_wait_s=2" in str(info.value)
    assert clock.sleeps == []  # refused at once, not after sleeping in vain
    assert lim.usage()["openai/gpt-4.1"].rejected == 1


def test_request_larger_than_tpm_is_refused_at_once() -> None:
    clock = FakeClock()
    with pytest.raises(RateLimited, match="can never fit tpm=1000"):
        limiter(clock).acquire(FakeEntry({"tpm": 1000}), 1500)


def test_model_limits_are_per_provider_and_model() -> None:
    clock = FakeClock()
    lim = limiter(clock)
    a = FakeEntry({"rpm": 6, "max_wait_s": 0})
    b = FakeEntry({"rpm": 6, "max_wait_s": 0}, model_class="small", model_id="gpt-4.1-mini")
    lim.acquire(a, 0)
    lim.acquire(b, 0)  # its own budget
    with pytest.raises(RateLimited):
        lim.acquire(a, 0)


def test_unlimited_entry_is_only_counted() -> None:
    clock = FakeClock()
    lim = limiter(clock)
    entry = FakeEntry(None)
    for _ in range(100):
        lim.settle(entry, lim.acquire(entry, 10), Tokens(5, 5), {})
    assert clock.sleeps == []
    assert lim.usage()["openai/gpt-4.1"].requests == 100


def test_async_acquire_waits_with_the_async_sleep() -> None:
    clock = FakeClock()
    lim = limiter(clock)
    entry = FakeEntry({"rpm": 60, "max_wait_s": 5})

    async def go() -> list[float]:
        times = []
        for _ in range(4):
            r = await lim.aacquire(entry, 0)
            times.append(clock())
            await lim.asettle(entry, r, None, {})
        return times

    assert asyncio.run(go()) == [1000.0, 1001.0, 1002.0, 1003.0]


def count_waits(lim: RateLimiter) -> tuple[list[float], threading.Event]:
    """Record each wait for a release (its timeout) and say when the first one starts; the
    waiting itself is the store's own."""
    timeouts: list[float] = []
    waiting = threading.Event()
    real_wait = lim.local.wait_release

    def wait_release(key: str, limits: Limits, timeout_s: float) -> None:
        timeouts.append(timeout_s)
        waiting.set()
        real_wait(key, limits, timeout_s)

    lim.local.wait_release = wait_release  # type: ignore[method-assign]
    return timeouts, waiting


def test_max_concurrency_blocks_threads_until_a_slot_is_released() -> None:
    # The limiter's clock stands still, so only the release can end the wait (max_wait_s is an hour).
    lim = limiter(FakeClock())
    entry = FakeEntry({"max_concurrency": 2, "max_wait_s": 3600})
    first, second = lim.acquire(entry, 0), lim.acquire(entry, 0)
    timeouts, waiting = count_waits(lim)
    admitted = threading.Event()

    def third() -> None:
        lim.acquire(entry, 0)
        admitted.set()

    t = threading.Thread(target=third, daemon=True)
    t.start()
    assert waiting.wait(10)
    assert not admitted.is_set()  # waiting, not admitted
    lim.settle(entry, first, None, {})
    assert admitted.wait(10)  # woken by the release: its own timeout is an hour
    assert timeouts == [3600]  # one wait, no polling
    lim.settle(entry, second, None, {})


def test_max_concurrency_gives_up_after_max_wait() -> None:
    clock = FakeClock()
    lim = limiter(clock)
    entry = FakeEntry({"max_concurrency": 1, "max_wait_s": 0.1})
    lim.acquire(entry, 0)
    lim.local.wait_release = lambda key, limits, timeout_s: clock.sleep(timeout_s)  # type: ignore[method-assign]
    with pytest.raises(RateLimited, match="1 requests in flight"):
        lim.acquire(entry, 0)
    assert clock.sleeps == [pytest.approx(0.1)]  # waited max_wait_s for a release, then gave up
    assert lim.usage()["openai/gpt-4.1"].rejected == 1


def test_async_waiters_are_woken_by_a_release() -> None:
    lim = limiter(FakeClock())  # the clock stands still: only the release ends the wait
    entry = FakeEntry({"max_concurrency": 1, "max_wait_s": 3600})

    async def go() -> list[str]:
        held = await lim.aacquire(entry, 0)
        order: list[str] = []

        async def second() -> None:
            await lim.aacquire(entry, 0)
            order.append("admitted")

        task = asyncio.create_task(second())
        for _ in range(5):
            await asyncio.sleep(0)  # let it reach the wait
        order.append("released")
        await lim.asettle(entry, held, None, {})
        await asyncio.wait_for(task, 10)
        return order

    assert asyncio.run(go()) == ["released", "admitted"]


def test_threads_share_one_process_budget() -> None:
    # Time stands still and sleeping only records, so each request's slot is `now + wait`.
    lim = RateLimiter(clock=lambda: 1000.0, sleep=lambda s: None)
    entry = FakeEntry({"rpm": 1200, "max_wait_s": 5})  # 20/s, burst 2
    slots: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(6):
            r = lim.acquire(entry, 0)
            with lock:
                slots.append(1000.0 + r.wait_s)
            lim.settle(entry, r, None, {})

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 24 requests from 4 threads, one budget: a burst of 2 at once, then one every 0.05 s
    assert sorted(slots) == pytest.approx([1000.0, 1000.0] + [1000.0 + k * 0.05 for k in range(1, 23)])
    assert max_in_window(slots, 0.5) <= 10 + 2
