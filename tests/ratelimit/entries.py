"""Chain entries and a controllable clock for the rate-limit tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FakeProvider:
    name: str = "openai"
    timeout_s: float = 10.0


@dataclass(frozen=True)
class FakeEntry:
    """The fields the limiter reads of `runtime.table.Entry`."""

    rate_limits: Mapping[str, Any] | None
    provider: FakeProvider = field(default_factory=FakeProvider)
    model_class: str = "large"
    model_id: str = "gpt-4.1"


@dataclass(frozen=True)
class Tokens:
    input_tokens: int
    output_tokens: int


class FakeClock:
    """Monotonic and wall time that only move when someone sleeps."""

    def __init__(self, start: float = 1000.0, wall: float = 1_800_000_000.0) -> None:
        self.now = start
        self.wall_offset = wall - start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now + self.wall_offset

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def max_in_window(times: list[float], window_s: float = 1.0) -> int:
    """The most timestamps that fall in any half-open window [t, t + window_s)."""
    ts = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(ts):
        while t - ts[lo] >= window_s:
            lo += 1
        best = max(best, hi - lo + 1)
    return best
