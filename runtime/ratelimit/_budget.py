"""Budgets of one provider/model and how a request is admitted against them (GCRA).

GCRA, the generic cell rate algorithm, keeps a token bucket as one "theoretical arrival
time" per budget, so a budget refills smoothly and there is no burst at a minute boundary:

- requests: one per `60/rpm` s, with a burst of 100 ms worth (`max(1, rpm // 600)`),
  so any one-second window admits at most `rpm/60 + burst` requests;
- tokens: `tpm/60` per s, bucket size `tpm`.

A request that finds no budget is *scheduled* into the earliest slot (its wait is returned,
the caller sleeps); one further than the caller will wait is refused with that time.
`LocalStore` keeps budgets in this process; _redis.RedisStore runs the same
algorithm as a Lua script in Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, Protocol

from ._signals import Signals

BURST_S = 0.1  # request burst: 100 ms worth of the rate


@dataclass(frozen=True, slots=True)
class Limits:
    """One entry's `rate_limits` from the table (model values already override the provider's)."""

    rpm: int | None = None
    tpm: int | None = None
    max_concurrency: int | None = None
    scope: str = "process"
    redis_url_env: str = "MODELCFG_REDIS_URL"
    max_wait_s: float = 5.0
    local_share: float = 0.5

    @classmethod
    def from_table(cls, raw: Mapping[str, Any] | None) -> Limits | None:
        """None when nothing is limited."""
        if not raw or not (raw.get("rpm") or raw.get("tpm") or raw.get("max_concurrency")):
            return None
        return cls(
            rpm=raw.get("rpm"),
            tpm=raw.get("tpm"),
            max_concurrency=raw.get("max_concurrency"),
            scope=str(raw.get("scope") or "process"),
            redis_url_env=str(raw.get("redis_url_env") or "MODELCFG_REDIS_URL"),
            max_wait_s=float(5.0 if raw.get("max_wait_s") is None else raw["max_wait_s"]),
            local_share=float(raw.get("local_share") or 0.5),
        )

    # derived once: admission is on every request's path
    request_interval_s: float = field(init=False, repr=False, compare=False)
    burst: int = field(init=False, repr=False, compare=False)
    token_interval_s: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rpm, tpm = self.rpm, self.tpm
        object.__setattr__(self, "request_interval_s", 60.0 / rpm if rpm else 0.0)
        object.__setattr__(self, "burst", max(1, int(rpm * BURST_S / 60.0)) if rpm else 1)
        object.__setattr__(self, "token_interval_s", 60.0 / tpm if tpm else 0.0)

    def scaled(self, share: float) -> Limits:
        """This budget cut to `share` (what one process keeps to while Redis is away)."""

        def cut(v: int | None) -> int | None:
            return None if v is None else max(1, math.floor(v * share))

        return replace(self, rpm=cut(self.rpm), tpm=cut(self.tpm), max_concurrency=cut(self.max_concurrency))


class Decision(NamedTuple):
    """A store's answer: admitted (after sleeping `wait_s`), or not (and why)."""

    admitted: bool
    wait_s: float  # until the slot (admitted) or until one frees (refused)
    busy: bool = False  # refused because max_concurrency requests are in flight
    lease: str | None = None
    shared: bool = False  # admitted by Redis (settle there) rather than a local store


_ADMITTED_NOW = Decision(True, 0.0)


class Reservation(NamedTuple):
    """What `acquire` took; hand it back to `settle`."""

    key: str
    limits: Limits | None
    tokens: int
    wait_s: float = 0.0
    lease: str | None = None
    shared: bool = False


class Store(Protocol):
    """Where budgets live: this process (LocalStore) or Redis (RedisStore)."""

    def admit(self, key: str, limits: Limits, cost: int, max_wait_s: float, lease_s: float) -> Decision: ...
    async def aadmit(
        self, key: str, limits: Limits, cost: int, max_wait_s: float, lease_s: float
    ) -> Decision: ...
    def settle(self, r: Reservation, delta_tokens: int, signals: Signals, used: tuple[int, int]) -> None: ...
    async def asettle(
        self, r: Reservation, delta_tokens: int, signals: Signals, used: tuple[int, int]
    ) -> None: ...
    def wait_release(self, key: str, limits: Limits, timeout_s: float) -> None: ...
    async def await_release(self, key: str, limits: Limits, timeout_s: float) -> None: ...


_LEASES = itertools.count()
_LEASE_PREFIX = secrets.token_hex(4)


def new_lease() -> str:
    return f"{_LEASE_PREFIX}:{os.getpid()}:{next(_LEASES)}"


class _Bucket:
    """GCRA state of one budget: theoretical arrival times of requests and tokens."""

    __slots__ = ("block", "inflight", "rt", "tt")

    def __init__(self) -> None:
        self.rt = self.tt = self.block = 0.0
        self.inflight = 0


def earliest_start(b: _Bucket, limits: Limits, cost: int, now: float) -> float:
    """When a request of `cost` tokens may go at the earliest (GCRA over both budgets and any block).

    Written with conditionals rather than max(): this runs on every request's path.
    """
    start = b.block if b.block > now else now
    t = limits.request_interval_s
    if t:
        at = b.rt - (limits.burst - 1) * t
        if at > start:
            start = at
    tt = limits.token_interval_s
    if tt:
        capacity = limits.tpm or 0
        if cost > capacity:  # a cut-down local share still lets one request through
            capacity = cost
        at = b.tt - (capacity - cost) * tt
        if at > start:
            start = at
    return start


class LocalStore:
    """Budgets of this process, guarded by one lock; sleeping is the caller's job."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._wakers: dict[str, list[Callable[[], None]]] = {}

    def admit(self, key: str, limits: Limits, cost: int, max_wait_s: float, lease_s: float = 0.0) -> Decision:
        with self._lock:
            b = self._buckets.get(key)
            if b is None:
                b = self._buckets[key] = _Bucket()
            now = self.clock()
            start = earliest_start(b, limits, cost, now)
            wait = start - now
            if limits.max_concurrency is not None and b.inflight >= limits.max_concurrency:
                return Decision(False, wait, busy=True)
            if wait > max_wait_s:
                return Decision(False, wait)
            if limits.rpm:
                b.rt = (b.rt if b.rt > start else start) + limits.request_interval_s
            if limits.tpm:
                b.tt = (b.tt if b.tt > start else start) + cost * limits.token_interval_s
            if limits.max_concurrency is not None:
                b.inflight += 1
            return _ADMITTED_NOW if wait <= 0 else Decision(True, wait)

    async def aadmit(
        self, key: str, limits: Limits, cost: int, max_wait_s: float, lease_s: float = 0.0
    ) -> Decision:
        return self.admit(key, limits, cost, max_wait_s, lease_s)

    def settle(self, r: Reservation, delta_tokens: int, signals: Signals, used: tuple[int, int]) -> None:
        limits = r.limits
        if limits is None:
            return
        tt = limits.token_interval_s if (delta_tokens or signals.tokens_remaining is not None) else 0.0
        if not tt and not signals.block_s and limits.max_concurrency is None:
            return  # nothing to give back or to learn
        wake: list[Callable[[], None]] = []
        with self._lock:
            b = self._buckets.get(r.key)
            if b is None:
                b = self._buckets[r.key] = _Bucket()
            now = self.clock()
            if tt and delta_tokens:
                b.tt = max(max(b.tt, now) + delta_tokens * tt, now)
            if signals.block_s > 0:
                b.block = max(b.block, now + signals.block_s)
            if tt and signals.tokens_remaining is not None:
                capacity = limits.tpm or 0
                b.tt = max(b.tt, now + max(capacity - signals.tokens_remaining, 0) * tt)
            if limits.max_concurrency is not None and b.inflight > 0:
                b.inflight -= 1
                wake = self._wakers.pop(r.key, [])
        for w in wake:
            w()

    async def asettle(
        self, r: Reservation, delta_tokens: int, signals: Signals, used: tuple[int, int]
    ) -> None:
        self.settle(r, delta_tokens, signals, used)

    def _register(self, key: str, limits: Limits, waker: Callable[[], None]) -> bool:
        """Register `waker` for the next release; False when a slot is already free."""
        with self._lock:
            b = self._buckets.get(key)
            if b is None or limits.max_concurrency is None or b.inflight < limits.max_concurrency:
                return False
            self._wakers.setdefault(key, []).append(waker)
            return True

    def wait_release(self, key: str, limits: Limits, timeout_s: float) -> None:
        event = threading.Event()
        if self._register(key, limits, event.set):
            event.wait(timeout_s)

    async def await_release(self, key: str, limits: Limits, timeout_s: float) -> None:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()

        def resolve() -> None:
            if not fut.done():
                fut.set_result(None)

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # that loop may be closed by now
                loop.call_soon_threadsafe(resolve)

        if self._register(key, limits, wake):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(fut, timeout_s)
