"""Usage: the tokens of one call (`Usage`), and the one thread-safe counter per provider/model
(`UsageTracker` of `ModelUsage` totals) that the Runtime and the rate limiter both keep."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens one call consumed."""

    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True, slots=True)
class ModelUsage:
    """Totals for one provider/model: calls and their tokens and latency (the Runtime's), and
    admissions, throttling and time spent waiting (the rate limiter's)."""

    requests: int = 0
    failures: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s_total: float = 0.0
    latency_s_max: float = 0.0
    throttled: int = 0
    rejected: int = 0
    wait_s: float = 0.0

    @property
    def latency_s_mean(self) -> float:
        return self.latency_s_total / self.requests if self.requests else 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FIELDS = tuple(f.name for f in fields(ModelUsage))


class UsageTracker:
    """Thread-safe `ModelUsage` totals keyed "provider/model".

    Counted in place (the limiter counts every admission, so this is on its hot path) and
    handed out as frozen `ModelUsage` snapshots.
    """

    def __init__(self) -> None:
        self._totals: dict[str, _Running] = {}
        self._lock = threading.Lock()

    def _running(self, key: str) -> _Running:
        found = self._totals.get(key)
        if found is None:
            found = self._totals[key] = _Running()
        return found

    def add(self, key: str, counted: ModelUsage) -> None:
        with self._lock:
            self._running(key).add(counted)

    def record(self, key: str, usage: Usage | None, latency_s: float) -> None:
        """Count one call; `usage` None means it failed."""
        with self._lock:
            r = self._running(key)
            if usage is None:
                r.failures += 1
                return
            r.requests += 1
            r.input_tokens += usage.input_tokens
            r.output_tokens += usage.output_tokens
            r.latency_s_total += latency_s
            r.latency_s_max = max(r.latency_s_max, latency_s)

    def admitted(self, key: str, wait_s: float) -> None:
        """Count one request the limiter let through after waiting `wait_s`."""
        with self._lock:
            r = self._running(key)
            r.requests += 1
            if wait_s > 0:
                r.throttled += 1
                r.wait_s += wait_s

    def rejected(self, key: str, wait_s: float) -> None:
        """Count one request the limiter refused after waiting `wait_s`."""
        with self._lock:
            r = self._running(key)
            r.rejected += 1
            r.throttled += 1
            r.wait_s += wait_s

    def tokens(self, key: str, usage: Usage) -> None:
        with self._lock:
            r = self._running(key)
            r.input_tokens += usage.input_tokens
            r.output_tokens += usage.output_tokens

    def snapshot(self) -> Mapping[str, ModelUsage]:
        """The totals now, sorted by key."""
        with self._lock:
            return {key: r.frozen() for key, r in sorted(self._totals.items())}

    def take(self) -> dict[str, ModelUsage]:
        """The totals, which start again from zero."""
        with self._lock:
            taken, self._totals = self._totals, {}
        return {key: r.frozen() for key, r in taken.items()}


class _Running:
    """One key's totals while they are being counted (mutable, so counting allocates nothing)."""

    __slots__ = FIELDS

    def __init__(self) -> None:
        self.requests = self.failures = self.input_tokens = self.output_tokens = 0
        self.throttled = self.rejected = 0
        self.latency_s_total = self.latency_s_max = self.wait_s = 0.0

    def add(self, u: ModelUsage) -> None:
        self.requests += u.requests
        self.failures += u.failures
        self.input_tokens += u.input_tokens
        self.output_tokens += u.output_tokens
        self.latency_s_total += u.latency_s_total
        self.latency_s_max = max(self.latency_s_max, u.latency_s_max)
        self.throttled += u.throttled
        self.rejected += u.rejected
        self.wait_s += u.wait_s

    def frozen(self) -> ModelUsage:
        return ModelUsage(**{name: getattr(self, name) for name in FIELDS})
