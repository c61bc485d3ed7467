"""Rate limits per provider and model: requests/min, tokens/min and requests in flight.

Admission is GCRA (the generic cell rate algorithm, a token bucket kept as one
"theoretical arrival time" per budget), so a budget refills smoothly and there is no
burst at a minute boundary:

- requests: one per `60/rpm` s, with a burst of 100 ms worth (`max(1, rpm // 600)`),
  so any one-second window admits at most `rpm/60 + burst` requests;
- tokens: `tpm/60` per s, bucket size `tpm`; a request reserves its estimated input
  plus its max output tokens and `settle` corrects that with the usage reported.

A request that finds no budget is *scheduled*: it takes the earliest slot and sleeps until
then (time.sleep / asyncio.sleep, never polling) when that is within `max_wait_s`; otherwise
`acquire` raises `RateLimited` with the time until a slot frees and the failover walk
moves on. Budgets live in this process (`scope: process`, thread- and asyncio-safe) or in
Redis (`scope: redis`, see ratelimit_redis.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import os
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, Protocol

from .errors import RateLimited
from .ratelimit_signals import NO_SIGNALS, Signals, read_signals
from .ratelimit_usage import Usage, UsageCounters

log = logging.getLogger("modelcfg.ratelimit")

BURST_S = 0.1  # request burst: 100 ms worth of the rate
LEASE_MARGIN_S = 10.0  # a request-in-flight lease outlives the provider timeout by this much
REDIS_TIMEOUT_S = 0.1  # a Redis slower than this counts as away
REDIS_RECONNECT_S = 1.0  # how often an away Redis is tried again


class _ProviderLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def timeout_s(self) -> float: ...


class LimitedEntry(Protocol):
    """What the limiter reads of a chain entry (runtime.table.Entry has it)."""

    @property
    def provider(self) -> _ProviderLike: ...
    @property
    def model_class(self) -> str: ...
    @property
    def model_id(self) -> str: ...
    @property
    def rate_limits(self) -> Mapping[str, Any] | None: ...


class TokenUsage(Protocol):
    """Token counts a provider reported for one call."""

    @property
    def input_tokens(self) -> int: ...
    @property
    def output_tokens(self) -> int: ...


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


class RateLimiter:
    """The runtime's admission hook: `acquire` before a send, `settle` after it.

    `clock`, `sleep`, `asleep` and `wall` (Unix time, for absolute reset headers) are
    injectable so tests never sleep long.
    """

    def __init__(
        self,
        *,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        asleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        wall: Callable[[], float] = time.time,
        redis_timeout_s: float = REDIS_TIMEOUT_S,
        redis_reconnect_s: float = REDIS_RECONNECT_S,
        entries: Iterable[LimitedEntry] = (),
    ) -> None:
        """`entries`: the table's, to set up their stores now rather than on the first call."""
        self._redis_options = {"timeout_s": redis_timeout_s, "reconnect_s": redis_reconnect_s}
        self._environ = os.environ if environ is None else environ
        self._sleep, self._asleep, self._wall, self._clock = sleep, asleep, wall, clock
        self.local = LocalStore(clock)
        self._redis: dict[str, Store] = {}
        self._limits: dict[tuple[str, str], tuple[str, Limits | None]] = {}
        self._lock = threading.Lock()
        self.counters = UsageCounters()
        for entry in entries:
            limits = self.limits_for(entry)[1]
            if limits is not None:
                self.store_for(limits)

    def usage(self) -> dict[str, Usage]:
        """Counters of this process per `provider/model`."""
        return self.counters.snapshot()

    def limits_for(self, entry: LimitedEntry) -> tuple[str, Limits | None]:
        """The budget key (`provider/model`) and the limits of an entry."""
        cache_key = (entry.provider.name, entry.model_class)
        found = self._limits.get(cache_key)
        if found is None:
            found = (f"{entry.provider.name}/{entry.model_id}", Limits.from_table(entry.rate_limits))
            self._limits[cache_key] = found
        return found

    def store_for(self, limits: Limits) -> Store:
        if limits.scope != "redis":
            return self.local
        store = self._redis.get(limits.redis_url_env)
        if store is None:
            from .ratelimit_redis import RedisStore  # redis-py is an optional extra

            with self._lock:
                store = self._redis.get(limits.redis_url_env)
                if store is None:
                    url = self._environ.get(limits.redis_url_env)
                    store = RedisStore(
                        url, url_env=limits.redis_url_env, clock=self._clock, **self._redis_options
                    )
                    self._redis[limits.redis_url_env] = store
        return store

    def acquire(self, entry: LimitedEntry, est_tokens: int = 0) -> Reservation:
        """Take a request slot and `est_tokens` (input estimate + max output); sleeps at most max_wait_s."""
        key, limits = self.limits_for(entry)
        if limits is None:
            self.counters.admitted(key, 0.0)
            return Reservation(key, None, est_tokens)
        if limits.tpm and est_tokens > limits.tpm:
            raise self._never_fits(entry, key, limits, est_tokens)
        store = self.store_for(limits)
        lease_s = entry.provider.timeout_s + limits.max_wait_s + LEASE_MARGIN_S
        d = store.admit(key, limits, est_tokens, limits.max_wait_s, lease_s)
        waited = 0.0
        if d.busy:  # max_concurrency requests in flight: wait for a release, max_wait_s in all
            deadline = self._clock() + limits.max_wait_s
            while d.busy and (left := deadline - self._clock()) > 0:
                store.wait_release(key, limits, left)
                d = store.admit(key, limits, est_tokens, max(deadline - self._clock(), 0.0), lease_s)
            waited = limits.max_wait_s - max(deadline - self._clock(), 0.0)
        if not d.admitted:
            raise self._refused(entry, key, limits, d, waited)
        if d.wait_s > 0:
            self._sleep(d.wait_s)
            waited += d.wait_s
        self.counters.admitted(key, waited)
        return Reservation(key, limits, est_tokens, waited, d.lease, d.shared)

    async def aacquire(self, entry: LimitedEntry, est_tokens: int = 0) -> Reservation:
        """`acquire` for asyncio: waits with asyncio.sleep, Redis calls through redis.asyncio."""
        key, limits = self.limits_for(entry)
        if limits is None:
            self.counters.admitted(key, 0.0)
            return Reservation(key, None, est_tokens)
        if limits.tpm and est_tokens > limits.tpm:
            raise self._never_fits(entry, key, limits, est_tokens)
        store = self.store_for(limits)
        lease_s = entry.provider.timeout_s + limits.max_wait_s + LEASE_MARGIN_S
        d = await store.aadmit(key, limits, est_tokens, limits.max_wait_s, lease_s)
        waited = 0.0
        if d.busy:
            deadline = self._clock() + limits.max_wait_s
            while d.busy and (left := deadline - self._clock()) > 0:
                await store.await_release(key, limits, left)
                d = await store.aadmit(key, limits, est_tokens, max(deadline - self._clock(), 0.0), lease_s)
            waited = limits.max_wait_s - max(deadline - self._clock(), 0.0)
        if not d.admitted:
            raise self._refused(entry, key, limits, d, waited)
        if d.wait_s > 0:
            await self._asleep(d.wait_s)
            waited += d.wait_s
        self.counters.admitted(key, waited)
        return Reservation(key, limits, est_tokens, waited, d.lease, d.shared)

    def settle(
        self,
        entry: LimitedEntry,
        reservation: object,
        usage: TokenUsage | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """After a call (also a failed one): free the slot, correct tokens, heed rate-limit headers."""
        if not isinstance(reservation, Reservation):
            return
        delta, signals, used = self._outcome(reservation, usage, headers)
        if reservation.limits is not None:
            self.store_for(reservation.limits).settle(reservation, delta, signals, used)

    async def asettle(
        self,
        entry: LimitedEntry,
        reservation: object,
        usage: TokenUsage | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(reservation, Reservation):
            return
        delta, signals, used = self._outcome(reservation, usage, headers)
        if reservation.limits is not None:
            await self.store_for(reservation.limits).asettle(reservation, delta, signals, used)

    def _outcome(
        self, r: Reservation, usage: TokenUsage | None, headers: Mapping[str, str] | None
    ) -> tuple[int, Signals, tuple[int, int]]:
        used = (usage.input_tokens, usage.output_tokens) if usage is not None else (0, 0)
        if usage is not None:
            self.counters.tokens(r.key, *used)
        delta = used[0] + used[1] - r.tokens if usage is not None else 0
        signals = read_signals(headers, self._wall()) if headers else NO_SIGNALS
        return delta, signals, used

    def _never_fits(self, entry: LimitedEntry, key: str, limits: Limits, cost: int) -> RateLimited:
        self.counters.rejected(key, 0.0)
        return RateLimited(
            f"{key}: a request of {cost} tokens can never fit tpm={limits.tpm}; raise `tpm` "
            "or lower `max_output_tokens`",
            provider=entry.provider.name,
            model=entry.model_id,
        )

    def _refused(
        self, entry: LimitedEntry, key: str, limits: Limits, d: Decision, waited: float
    ) -> RateLimited:
        self.counters.rejected(key, waited)
        why = f"{limits.max_concurrency} requests in flight" if d.busy else f"next slot in {d.wait_s:.3f}s"
        return RateLimited(
            f"{key}: rate limit reached ({why}; max_wait_s={limits.max_wait_s:g})",
            retry_after_s=max(d.wait_s, 0.0),
            provider=entry.provider.name,
            model=entry.model_id,
        )
