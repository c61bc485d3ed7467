"""Every way the runtime can fail, as one tree of exceptions.

Our exception hierarchy::

    ModelcfgError
    ├── TableError            the table file is unreadable, not JSON, of an unknown
    │                         format version, or its content_hash does not match
    ├── SelectionError        unknown task or profile, or a class nobody serves
    │   └── NoModelFits       no model meets the request; `.reasons` says why per candidate
    └── ProviderError         one call to one provider failed (`.provider`, `.model`, `.status`)
        ├── RateLimited       429 and friends; `.retry_after_s` when the server said
        ├── ContextTooLong    the API's own "context length exceeded" error; `.limit_tokens`
        ├── ModelNotFound     404 / model does not exist or is not available to this key
        ├── Unavailable       5xx, overloaded, timeouts, refused or reset connections, open breaker
        ├── Rejected          other 4xx: bad request, bad credentials, missing API key variable
        ├── BadResponse       a 2xx whose body is not what the API documents
        └── AllFailed         every chain entry failed; `.attempts` lists each try

httpx exceptions never escape: they are translated where the HTTP call is made.
Messages never contain API keys or tokens (they name the environment variable).
"""

from __future__ import annotations

from dataclasses import dataclass


class ModelcfgError(Exception):
    """Base of every error raised by modelcfg.runtime."""


class TableError(ModelcfgError):
    """The compiled table cannot be used; recompile it with `modelcfg compile`."""


class SelectionError(ModelcfgError):
    """The request names something the table does not have."""


class NoModelFits(SelectionError):
    """No candidate model satisfies the request; `reasons` holds one line per candidate."""

    def __init__(self, message: str, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(message if not reasons else f"{message}: " + "; ".join(reasons))
        self.reasons = reasons


class ProviderError(ModelcfgError):
    """One call to one provider failed."""

    def __init__(
        self, message: str, *, provider: str = "", model: str = "", status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.model = model
        self.status = status

    def at(self, provider: str, model: str) -> ProviderError:
        """Name the provider and model this error came from (adapters do not know them)."""
        self.provider, self.model = provider, model
        return self


class RateLimited(ProviderError):
    """The provider asked us to slow down."""

    def __init__(self, message: str, *, retry_after_s: float | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after_s = retry_after_s


class ContextTooLong(ProviderError):
    """The prompt does not fit the model's context window."""

    def __init__(self, message: str, *, limit_tokens: int | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.limit_tokens = limit_tokens


class ModelNotFound(ProviderError):
    """The model does not exist or this key may not use it."""


class Unavailable(ProviderError):
    """The provider could not answer now (server error, timeout, connection, open breaker)."""

    def __init__(self, message: str, *, retry_after_s: float | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.retry_after_s = retry_after_s


class Rejected(ProviderError):
    """The provider refused the request as given; retrying the same entry will not help."""


class BadResponse(ProviderError):
    """The provider answered 2xx with a body we cannot read."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try against one chain entry."""

    provider: str
    model: str
    model_class: str
    status: int | None
    latency_s: float
    reason: str
    error: str  # exception class name, e.g. "RateLimited"; "" on success

    def __str__(self) -> str:
        status = self.status if self.status is not None else "-"
        return (
            f"{self.provider}/{self.model_class} ({self.model}): {self.error or 'ok'} "
            f"status={status} {self.latency_s * 1000:.1f}ms {self.reason}"
        )


class AllFailed(ProviderError):
    """Every entry of the failover chain failed; `attempts` lists every try in order."""

    def __init__(self, attempts: tuple[Attempt, ...], why: str = "every chain entry failed") -> None:
        lines = "\n".join(f"  {a}" for a in attempts)
        last = attempts[-1] if attempts else None
        super().__init__(
            f"{why} after {len(attempts)} attempt(s):\n{lines}",
            provider=last.provider if last else "",
            model=last.model if last else "",
            status=last.status if last else None,
        )
        self.attempts = attempts
