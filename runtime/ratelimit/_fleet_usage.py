"""Usage counters per provider and model: requests, tokens in/out, throttled, rejected, wait.

Kept in every process (`RateLimiter.usage()`); limits with `scope: redis` also add them to
fleet-wide hashes `modelcfg:usage:{provider/model}` that `modelcfg usage` reads.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

USAGE_PREFIX = "modelcfg:usage:"


@dataclass(slots=True)
class Usage:
    """Counters of one provider/model."""

    requests: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    throttled: int = 0
    rejected: int = 0
    wait_s: float = 0.0

    def add(self, other: Usage) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class UsageCounters:
    """Thread-safe counters keyed by `provider/model`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, Usage] = {}

    def admitted(self, key: str, wait_s: float) -> None:
        with self._lock:
            u = self._by_key.get(key)
            if u is None:
                u = self._by_key[key] = Usage()
            u.requests += 1
            if wait_s > 0:
                u.throttled += 1
                u.wait_s += wait_s

    def rejected(self, key: str, wait_s: float) -> None:
        with self._lock:
            u = self._get(key)
            u.rejected += 1
            u.throttled += 1
            u.wait_s += wait_s

    def tokens(self, key: str, tokens_in: int, tokens_out: int) -> None:
        with self._lock:
            u = self._by_key.get(key)
            if u is None:
                u = self._by_key[key] = Usage()
            u.tokens_in += tokens_in
            u.tokens_out += tokens_out

    def snapshot(self) -> dict[str, Usage]:
        """A copy of every counter, sorted by key."""
        with self._lock:
            return {k: Usage(**asdict(v)) for k, v in sorted(self._by_key.items())}

    def _get(self, key: str) -> Usage:
        u = self._by_key.get(key)
        if u is None:
            u = self._by_key[key] = Usage()
        return u


def usage_from_hash(raw: dict[Any, Any]) -> Usage:
    """A Redis usage hash (bytes or str fields) as a `Usage`; unknown fields are ignored."""
    u = Usage()
    for name, value in raw.items():
        field = name.decode() if isinstance(name, bytes) else str(name)
        if field == "wait_s":
            u.wait_s = float(value)
        elif field in ("requests", "tokens_in", "tokens_out", "throttled", "rejected"):
            setattr(u, field, int(value))
    return u


def read_fleet_usage(client: Any, prefix: str = USAGE_PREFIX) -> dict[str, Usage]:
    """Every fleet-wide counter in Redis (`client`: a redis-py client), sorted by key."""
    found: dict[str, Usage] = {}
    for raw_key in client.scan_iter(match=f"{prefix}*", count=500):
        name = raw_key.decode() if isinstance(raw_key, bytes) else str(raw_key)
        key = name[len(prefix) :].strip("{}")
        found[key] = usage_from_hash(client.hgetall(raw_key))
    return dict(sorted(found.items()))
