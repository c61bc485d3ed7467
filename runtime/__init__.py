"""modelcfg.runtime: execute a compiled table — selection, failover, provider calls over httpx.

Imports neither pydantic nor the compiler, so an agent starts fast::

    from modelcfg.runtime import Runtime

    with Runtime.load("build/modelcfg.lock.json") as rt:
        print(rt.generate_text("Say hi", speed="fast").text)
"""

from .backoff import RetryPolicy, backoff
from .breaker import Breaker, BreakerPolicy, BreakerState, BreakerStore, MemoryBreakerStore
from .client import Runtime
from .errors import (
    AllFailed,
    Attempt,
    BadResponse,
    ContextTooLong,
    ModelcfgError,
    ModelNotFound,
    NoModelFits,
    ProviderError,
    RateLimited,
    Rejected,
    SelectionError,
    TableError,
    Unavailable,
)
from .limiter import Limiter, NoLimit
from .ratelimit import RateLimiter
from .results import EmbedResult, ImageResult, TextResult
from .select import Choice
from .table import Entry, Provider, Table, canonical, load_table, table_from_dict
from .usage import ModelUsage, Usage

__all__ = [
    "AllFailed",
    "Attempt",
    "BadResponse",
    "Breaker",
    "BreakerPolicy",
    "BreakerState",
    "BreakerStore",
    "Choice",
    "ContextTooLong",
    "EmbedResult",
    "Entry",
    "ImageResult",
    "Limiter",
    "MemoryBreakerStore",
    "ModelNotFound",
    "ModelUsage",
    "ModelcfgError",
    "NoLimit",
    "NoModelFits",
    "Provider",
    "ProviderError",
    "RateLimited",
    "RateLimiter",
    "Rejected",
    "RetryPolicy",
    "Runtime",
    "SelectionError",
    "Table",
    "TableError",
    "TextResult",
    "Unavailable",
    "Usage",
    "backoff",
    "canonical",
    "load_table",
    "table_from_dict",
]
