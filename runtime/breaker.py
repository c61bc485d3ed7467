"""Circuit breaker per provider+model: stop calling an entry that keeps failing.

closed ──N consecutive failures──▶ open ──cooldown──▶ half-open (one probe)
  ▲                                  ▲                      │
  └──────────── probe succeeds ──────┼──── probe fails ─────┘

The logic lives in `Breaker`; the counts live behind `BreakerStore`, a small protocol,
so the state can be kept in this process (`MemoryBreakerStore`) or shared by a fleet
(a Redis store with the same four methods).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class BreakerPolicy:
    """The table's `failover.breaker`."""

    failure_threshold: int = 5
    cooldown_s: float = 30.0
    scope: str = "process"
    redis_url_env: str = "MODELCFG_REDIS_URL"

    @classmethod
    def from_table(cls, raw: Mapping[str, Any]) -> BreakerPolicy:
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})


@dataclass(frozen=True, slots=True)
class BreakerState:
    failures: int = 0
    opened_at: float | None = None  # clock time it opened (or a probe was let through)


class BreakerStore(Protocol):
    """Where breaker counts live. Each method is atomic for one key."""

    def state(self, key: str) -> BreakerState: ...

    def record_failure(self, key: str, now: float, threshold: int) -> BreakerState:
        """Count a failure; open (set opened_at=now) once failures reach threshold."""
        ...

    def record_success(self, key: str) -> None:
        """Close: forget the failures."""
        ...

    def claim_probe(self, key: str, now: float, cooldown_s: float) -> bool:
        """If open for at least cooldown_s, re-arm opened_at=now and return True (one prober wins)."""
        ...


class MemoryBreakerStore:
    """Breaker state for this process."""

    def __init__(self) -> None:
        self._states: dict[str, BreakerState] = {}
        self._lock = threading.Lock()

    def state(self, key: str) -> BreakerState:
        return self._states.get(key, _CLOSED)

    def record_failure(self, key: str, now: float, threshold: int) -> BreakerState:
        with self._lock:
            old = self._states.get(key, _CLOSED)
            failures = old.failures + 1
            opened = now if failures >= threshold else old.opened_at
            new = self._states[key] = BreakerState(failures, opened)
            return new

    def record_success(self, key: str) -> None:
        if key in self._states:
            with self._lock:
                self._states.pop(key, None)

    def claim_probe(self, key: str, now: float, cooldown_s: float) -> bool:
        with self._lock:
            old = self._states.get(key, _CLOSED)
            if old.opened_at is None or now - old.opened_at < cooldown_s:
                return False
            self._states[key] = BreakerState(old.failures, now)
            return True


_CLOSED = BreakerState()


class Breaker:
    """Decides whether an entry may be called now, and records how calls went."""

    def __init__(
        self, policy: BreakerPolicy, clock: Callable[[], float], store: BreakerStore | None = None
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.store: BreakerStore = store if store is not None else MemoryBreakerStore()

    def allow(self, key: str) -> bool:
        """Closed: yes. Open: no, until the cooldown has passed, then one half-open probe."""
        state = self.store.state(key)
        if state.opened_at is None:
            return True
        return self.store.claim_probe(key, self.clock(), self.policy.cooldown_s)

    def is_open(self, key: str) -> bool:
        return self.store.state(key).opened_at is not None

    def success(self, key: str) -> None:
        self.store.record_success(key)

    def failure(self, key: str) -> None:
        self.store.record_failure(key, self.clock(), self.policy.failure_threshold)
