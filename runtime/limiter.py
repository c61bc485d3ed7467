"""The admission hook called around every provider call (`ratelimit.RateLimiter` is the one with limits).

The runtime calls `acquire(entry, est_tokens)` before sending and `settle(entry,
reservation, usage, headers)` after, whatever the outcome (`usage` is None on failure).
`acquire` may block, or raise `RateLimited` when the wait would exceed its budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from .table import Entry
from .usage import Usage


class Limiter(Protocol):
    def acquire(self, entry: Entry, est_tokens: int) -> Any: ...

    def settle(
        self, entry: Entry, reservation: Any, usage: Usage | None, headers: Mapping[str, str]
    ) -> None: ...

    async def aacquire(self, entry: Entry, est_tokens: int) -> Any: ...

    async def asettle(
        self, entry: Entry, reservation: Any, usage: Usage | None, headers: Mapping[str, str]
    ) -> None: ...


class NoLimit:
    """Admit everything; the default until a real limiter is configured."""

    def acquire(self, entry: Entry, est_tokens: int) -> Any:
        return None

    def settle(self, entry: Entry, reservation: Any, usage: Usage | None, headers: Mapping[str, str]) -> None:
        return None

    async def aacquire(self, entry: Entry, est_tokens: int) -> Any:
        return None

    async def asettle(
        self, entry: Entry, reservation: Any, usage: Usage | None, headers: Mapping[str, str]
    ) -> None:
        return None
