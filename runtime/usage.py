"""Usage: the tokens of one call (`Usage`), and the one thread-safe counter per provider/model
(`UsageTracker` of `ModelUsage` totals) that the Runtime and the rate limiter both keep."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
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

    def __add__(self, other: ModelUsage) -> ModelUsage:
        return ModelUsage(
            self.requests + other.requests,
            self.failures + other.failures,
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.latency_s_total + other.latency_s_total,
            max(self.latency_s_max, other.latency_s_max),
            self.throttled + other.throttled,
            self.rejected + other.rejected,
            self.wait_s + other.wait_s,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


ZERO = ModelUsage()


class UsageTracker:
    """Thread-safe `ModelUsage` totals keyed "provider/model"."""

    def __init__(self) -> None:
        self._totals: dict[str, ModelUsage] = {}
        self._lock = threading.Lock()

    def add(self, key: str, counted: ModelUsage) -> None:
        with self._lock:
            self._totals[key] = self._totals.get(key, ZERO) + counted

    def record(self, key: str, usage: Usage | None, latency_s: float) -> None:
        """Count one call; `usage` None means it failed."""
        if usage is None:
            self.add(key, replace(ZERO, failures=1))
            return
        self.add(
            key,
            ModelUsage(
                requests=1,
                input_tokens=usage.input_tokens,
                output_tokens=usage.output_tokens,
                latency_s_total=latency_s,
                latency_s_max=latency_s,
            ),
        )

    def admitted(self, key: str, wait_s: float) -> None:
        """Count one request the limiter let through after waiting `wait_s`."""
        self.add(key, ModelUsage(requests=1, throttled=int(wait_s > 0), wait_s=wait_s))

    def rejected(self, key: str, wait_s: float) -> None:
        """Count one request the limiter refused after waiting `wait_s`."""
        self.add(key, ModelUsage(throttled=1, rejected=1, wait_s=wait_s))

    def tokens(self, key: str, usage: Usage) -> None:
        self.add(key, ModelUsage(input_tokens=usage.input_tokens, output_tokens=usage.output_tokens))

    def snapshot(self) -> Mapping[str, ModelUsage]:
        """The totals now, sorted by key."""
        with self._lock:
            return dict(sorted(self._totals.items()))

    def take(self) -> dict[str, ModelUsage]:
        """The totals, which start again from zero."""
        with self._lock:
            taken, self._totals = self._totals, {}
        return taken
