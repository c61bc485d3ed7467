"""Token and latency counters per provider/model, readable while the runtime runs."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens one call consumed."""

    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True, slots=True)
class ModelUsage:
    """Totals for one provider/model."""

    requests: int = 0
    failures: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s_total: float = 0.0
    latency_s_max: float = 0.0

    @property
    def latency_s_mean(self) -> float:
        return self.latency_s_total / self.requests if self.requests else 0.0


class UsageTracker:
    """Thread-safe counters keyed "provider/model"."""

    def __init__(self) -> None:
        self._totals: dict[str, ModelUsage] = {}
        self._lock = threading.Lock()

    def record(self, key: str, usage: Usage | None, latency_s: float) -> None:
        """Count one call; `usage` None means it failed."""
        with self._lock:
            old = self._totals.get(key, _ZERO)
            if usage is None:
                self._totals[key] = replace(old, failures=old.failures + 1)
                return
            self._totals[key] = ModelUsage(
                requests=old.requests + 1,
                failures=old.failures,
                input_tokens=old.input_tokens + usage.input_tokens,
                output_tokens=old.output_tokens + usage.output_tokens,
                latency_s_total=old.latency_s_total + latency_s,
                latency_s_max=max(old.latency_s_max, latency_s),
            )

    def snapshot(self) -> Mapping[str, ModelUsage]:
        with self._lock:
            return MappingProxyType(dict(self._totals))


_ZERO = ModelUsage()
