"""Whether a Redis backend is usable now: one warning when it goes away, retried every `retry_s`.

Shared by the Redis-backed rate limits and circuit breaker; callers fall back to local
state while `usable()` is False, so a dead or slow Redis never blocks or fails a request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("modelcfg.ratelimit")


class RedisHealth:
    """Up/down state of one Redis URL, on an injectable clock."""

    def __init__(self, what: str, url_env: str, retry_s: float, clock: Callable[[], float]) -> None:
        self.what, self.url_env, self.retry_s, self.clock = what, url_env, retry_s, clock
        self.down = False
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def usable(self) -> bool:
        """Up, or down long enough that it is time to try again."""
        return not self.down or self.clock() >= self._retry_at

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            self._retry_at = self.clock() + self.retry_s
            if self.down:
                return
            self.down = True
        log.warning(
            "redis for %s ($%s) unreachable (%s); working locally until it is back (retrying every %gs)",
            self.what,
            self.url_env,
            type(exc).__name__,
            self.retry_s,
        )

    def answered(self) -> bool:
        """Record a successful call; True when this ends an outage."""
        if not self.down:
            return False
        with self._lock:
            if not self.down:
                return False
            self.down = False
        log.warning("redis for %s ($%s) is back; state is shared again", self.what, self.url_env)
        return True
