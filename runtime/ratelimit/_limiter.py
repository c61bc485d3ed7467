"""`RateLimiter`, the `Limiter` (runtime/limiter.py) a table with `rate_limits` gets.

`acquire(entry, est_tokens)` takes a request slot and a token reservation (estimated input
plus max output tokens) from the entry's budgets (_budget.py), sleeping until the
slot when that is within `max_wait_s` (time.sleep, or asyncio.sleep in `aacquire`, never
polling); otherwise it raises `RateLimited` with the time until a slot frees, and the
failover walk moves on to the next chain entry. `settle(entry, reservation, usage, headers)`
frees the slot, corrects the reservation with the usage reported and heeds the provider's
rate-limit headers. Budgets live in this process (`scope: process`, thread- and
asyncio-safe) or in Redis (`scope: redis`, _redis.py).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import RateLimited
from ..shared_redis import REDIS_RECONNECT_S, REDIS_TIMEOUT_S
from ..usage import ModelUsage, Usage, UsageTracker
from ._budget import Decision, Limits, LocalStore, Reservation, Store
from ._signals import NO_SIGNALS, Signals, read_signals

LEASE_MARGIN_S = 10.0  # a request-in-flight lease outlives the provider timeout by this much


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


@dataclass(slots=True)  # not frozen: built on every admission, and frozen init costs
class Admit:
    """Ask `store` for a slot: `store.admit(*args)` (or `aadmit`); send back the Decision."""

    store: Store
    args: tuple[str, Limits, int, float, float]


@dataclass(slots=True)  # not frozen: built on every admission, and frozen init costs
class AwaitRelease:
    """Wait until a request in flight ends: `store.wait_release(*args)` (or `await_release`)."""

    store: Store
    args: tuple[str, Limits, float]


@dataclass(slots=True)  # not frozen: built on every admission, and frozen init costs
class Pause:
    """Sleep until the slot the store scheduled."""

    seconds: float


Admission = Generator[Admit | AwaitRelease | Pause, Any, Reservation]


class RateLimiter:
    """Rate limits as a `Limiter`: `acquire` before a send, `settle` after it.

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
        self.counters = UsageTracker()
        for entry in entries:
            limits = self.limits_for(entry)[1]
            if limits is not None:
                self.store_for(limits)

    def usage(self) -> Mapping[str, ModelUsage]:
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
            from ._redis import RedisStore  # redis-py is an optional extra

            with self._lock:
                store = self._redis.get(limits.redis_url_env)
                if store is None:
                    url = self._environ.get(limits.redis_url_env)
                    store = RedisStore(
                        url,
                        url_env=limits.redis_url_env,
                        clock=self._clock,
                        sleep=self._sleep,
                        asleep=self._asleep,
                        **self._redis_options,
                    )
                    self._redis[limits.redis_url_env] = store
        return store

    def acquire(self, entry: LimitedEntry, est_tokens: int = 0) -> Reservation:
        """Take a request slot and `est_tokens` (input estimate + max output); sleeps at most max_wait_s."""
        steps = self._admission(entry, est_tokens)
        try:
            step = next(steps)
            while True:
                if isinstance(step, Admit):
                    step = steps.send(step.store.admit(*step.args))
                elif isinstance(step, AwaitRelease):
                    step.store.wait_release(*step.args)
                    step = steps.send(None)
                else:
                    self._sleep(step.seconds)
                    step = steps.send(None)
        except StopIteration as done:
            admitted: Reservation = done.value
            return admitted

    async def aacquire(self, entry: LimitedEntry, est_tokens: int = 0) -> Reservation:
        """`acquire` for asyncio: waits with asyncio.sleep, Redis calls through redis.asyncio."""
        steps = self._admission(entry, est_tokens)
        try:
            step = next(steps)
            while True:
                if isinstance(step, Admit):
                    step = steps.send(await step.store.aadmit(*step.args))
                elif isinstance(step, AwaitRelease):
                    await step.store.await_release(*step.args)
                    step = steps.send(None)
                else:
                    await self._asleep(step.seconds)
                    step = steps.send(None)
        except StopIteration as done:
            admitted: Reservation = done.value
            return admitted

    def _admission(self, entry: LimitedEntry, est_tokens: int) -> Admission:
        """The admission policy, once for `acquire` and `aacquire`: it yields what to do, they do it."""
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
        d = yield Admit(store, (key, limits, est_tokens, limits.max_wait_s, lease_s))
        waited = 0.0
        if d.busy:  # max_concurrency requests in flight: wait for a release, max_wait_s in all
            deadline = self._clock() + limits.max_wait_s
            while d.busy and (left := deadline - self._clock()) > 0:
                yield AwaitRelease(store, (key, limits, left))
                d = yield Admit(store, (key, limits, est_tokens, max(deadline - self._clock(), 0.0), lease_s))
            waited = limits.max_wait_s - max(deadline - self._clock(), 0.0)
        if not d.admitted:
            raise self._refused(entry, key, limits, d, waited)
        if d.wait_s > 0:
            yield Pause(d.wait_s)
            waited += d.wait_s
        self.counters.admitted(key, waited)
        return Reservation(key, limits, est_tokens, waited, d.lease, d.shared)

    def settle(
        self,
        entry: LimitedEntry,
        reservation: object,
        usage: Usage | None = None,
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
        usage: Usage | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(reservation, Reservation):
            return
        delta, signals, used = self._outcome(reservation, usage, headers)
        if reservation.limits is not None:
            await self.store_for(reservation.limits).asettle(reservation, delta, signals, used)

    def _outcome(
        self, r: Reservation, usage: Usage | None, headers: Mapping[str, str] | None
    ) -> tuple[int, Signals, tuple[int, int]]:
        used = (usage.input_tokens, usage.output_tokens) if usage is not None else (0, 0)
        if usage is not None:
            self.counters.tokens(r.key, usage)
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
