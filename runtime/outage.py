"""One tracker for an optional backend that may go away: a cache tier, a shared Redis.

When the backend fails, one warning is logged and it is skipped until `retry_s` has passed;
then the next call tries it again (quietly, if it still fails). When it answers again, that
is logged once too. Callers fall back meanwhile (a cache miss, local budgets), so a dead or
slow backend never fails a request. Thread-safe; the clock is injected so tests never sleep.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Outage:
    """Up/down state of one backend: `name` says which in the log, `instead` what is done meanwhile."""

    def __init__(
        self,
        name: str,
        errors: tuple[type[BaseException], ...],
        *,
        retry_s: float,
        clock: Callable[[], float],
        log: logging.Logger,
        instead: str,
        error_text: bool = True,
    ) -> None:
        """`error_text` False logs only the error's type (its text may name a host)."""
        self.name, self.errors, self.retry_s, self.instead = name, errors, retry_s, instead
        self._error_text = error_text
        self._clock, self._log = clock, log
        self._retry_at: float | None = None
        self._lock = threading.Lock()
        self.failures = 0

    @property
    def down(self) -> bool:
        """True while the backend is failing (skipped until its retry time)."""
        return self._retry_at is not None

    def usable(self) -> bool:
        """Up, or down long enough that it is time to try again."""
        retry_at = self._retry_at
        return retry_at is None or self._clock() >= retry_at

    def call(self, operation: Callable[[], T], fallback: T) -> T:
        """Run `operation` unless the backend is resting; on one of `errors`, return `fallback`."""
        if not self.usable():
            return fallback
        try:
            result = operation()
        except self.errors as exc:
            self.fail(exc)
            return fallback
        self.recovered()
        return result

    def fail(self, exc: BaseException) -> None:
        """Record a failure; warn only on the first of a run of failures."""
        with self._lock:
            self.failures += 1
            first = self._retry_at is None
            self._retry_at = self._clock() + self.retry_s
        if first:
            error = f"{type(exc).__name__}: {exc}" if self._error_text else type(exc).__name__
            self._log.warning(
                "%s unavailable (%s); %s, retrying every %gs", self.name, error, self.instead, self.retry_s
            )

    def recovered(self) -> bool:
        """Record a call that worked; True when this ends an outage (logged once)."""
        if self._retry_at is None:
            return False
        with self._lock:
            if self._retry_at is None:
                return False
            self._retry_at = None
        self._log.warning("%s is back", self.name)
        return True
