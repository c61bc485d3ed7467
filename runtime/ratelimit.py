"""The admission hook the runtime calls around every provider call: `acquire`, then `settle`.

`acquire(entry, est_tokens)` takes a request slot and a token reservation (estimated input
plus max output tokens) from the entry's budgets (ratelimit_budget.py), sleeping until the
slot when that is within `max_wait_s` (time.sleep, or asyncio.sleep in `aacquire`, never
polling); otherwise it raises `RateLimited` with the time until a slot frees, and the
failover walk moves on to the next chain entry. `settle(entry, reservation, usage, headers)`
frees the slot, corrects the reservation with the usage reported and heeds the provider's
rate-limit headers. Budgets live in this process (`scope: process`, thread- and
asyncio-safe) or in Redis (`scope: redis`, ratelimit_redis.py).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Protocol

from .errors import RateLimited
from .ratelimit_budget import Decision, Limits, LocalStore, Reservation, Store
from .ratelimit_signals import NO_SIGNALS, Signals, read_signals
from .ratelimit_usage import Usage, UsageCounters

__all__ = ["LimitedEntry", "Limits", "RateLimiter", "Reservation", "TokenUsage"]

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
        store: Store = self.local
        lease_s = 0.0
        if limits.scope == "redis":  # in-flight leases in Redis expire: a crashed process frees its slots
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
        store: Store = self.local
        lease_s = 0.0
        if limits.scope == "redis":
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
