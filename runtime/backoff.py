"""The retry policy as plain values, and the one pure function that says how long to wait.

Like stamina: bounded by attempts and by total time; the clock, the sleep and the
random source are injected by the caller, so tests never sleep.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_RETRY_ON = (408, 409, 429, 500, 502, 503, 504)
#: what `retry_on_server_errors` adds: every 5xx, as the official OpenAI and Anthropic SDKs retry
#: (501, 505…, Anthropic's 529 "overloaded")
SERVER_ERRORS = frozenset(range(500, 600))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often one chain entry is retried before failing over (the table's `failover.retry`).

    With `retry_on_server_errors` (the default), `retry_on_status` holds every 5xx as well.
    """

    attempts: int = 3
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 8.0
    backoff_multiplier: float = 2.0
    jitter_s: float = 0.25
    total_timeout_s: float = 120.0
    retry_on_status: frozenset[int] = frozenset(DEFAULT_RETRY_ON)
    honor_retry_after: bool = True
    retry_on_server_errors: bool = True

    def __post_init__(self) -> None:
        if self.retry_on_server_errors:
            object.__setattr__(self, "retry_on_status", frozenset(self.retry_on_status) | SERVER_ERRORS)

    @classmethod
    def from_table(cls, raw: Mapping[str, Any]) -> RetryPolicy:
        values = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        if "retry_on_status" in values:
            values["retry_on_status"] = frozenset(values["retry_on_status"])
        return cls(**values)


def backoff(
    policy: RetryPolicy, attempt: int, rng: random.Random, retry_after_s: float | None = None
) -> float:
    """Seconds to wait after failed try number `attempt` (1-based) before the next try.

    Exponential with jitter, capped at backoff_max_s; a server's Retry-After wins when the
    policy honours it (it may exceed the cap: the server knows when it will be ready).
    """
    if retry_after_s is not None and policy.honor_retry_after:
        return max(0.0, retry_after_s)
    jitter = rng.uniform(0, policy.jitter_s) if policy.jitter_s else 0.0
    exp = policy.backoff_initial_s * policy.backoff_multiplier ** (attempt - 1)
    return min(policy.backoff_max_s, exp + jitter)


def retry_after(headers: Mapping[str, str], now_epoch: float | None = None) -> float | None:
    """Seconds the server asks us to wait: `retry-after-ms`, else `Retry-After` (seconds or a date)."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare: servers mostly send seconds

    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    if now_epoch is None:
        now_epoch = time.time()
    return max(0.0, when - now_epoch)
