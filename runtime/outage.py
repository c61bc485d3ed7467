"""Keeps an optional backend (the disk or Redis cache tier) from ever failing a request.

When the backend fails, one warning is logged and it is skipped until `retry_s`
has passed; then the next call tries it again (quietly, if it still fails). When
it answers again, that is logged once too.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Outage:
    """Failure state of one backend, with a clock that tests control."""

    def __init__(
        self,
        name: str,
        errors: tuple[type[BaseException], ...],
        *,
        retry_s: float,
        timer: Callable[[], float],
        log: logging.Logger,
    ) -> None:
        self.name = name
        self.errors = errors
        self.retry_s = retry_s
        self._timer = timer
        self._log = log
        self._retry_at: float | None = None
        self.failures = 0

    @property
    def down(self) -> bool:
        """True while the backend is failing (skipped until its retry time)."""
        return self._retry_at is not None

    def call(self, operation: Callable[[], T], fallback: T) -> T:
        """Run `operation` unless the backend is resting; on one of `errors`, return `fallback`."""
        if self._retry_at is not None and self._timer() < self._retry_at:
            return fallback
        try:
            result = operation()
        except self.errors as exc:
            self.fail(exc)
            return fallback
        if self._retry_at is not None:
            self._retry_at = None
            self._log.info("embedding cache: %s tier is back", self.name)
        return result

    def fail(self, exc: BaseException) -> None:
        """Record a failure; warn only on the first of a run of failures."""
        self.failures += 1
        if self._retry_at is None:
            self._log.warning(
                "embedding cache: %s tier unavailable (%s: %s); using the other tiers, retrying every %gs",
                self.name,
                type(exc).__name__,
                exc,
                self.retry_s,
            )
        self._retry_at = self._timer() + self.retry_s
