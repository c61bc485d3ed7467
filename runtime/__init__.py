"""modelcfg.runtime: execute a compiled table — selection, failover, provider calls over httpx.

Imports neither pydantic nor the compiler, so an agent starts fast::

    from modelcfg.runtime import Runtime

    with Runtime.load("build/modelcfg.lock.json") as rt:
        print(rt.generate_text("Say hi", speed="fast").text)
"""

from typing import TYPE_CHECKING, Any

from .breaker import BreakerStore
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
from .limiter import Limiter
from .results import EmbedResult, ImageResult, TextResult
from .select import Choice
from .table import Entry, Provider, Table, load_table, table_from_dict
from .usage import ModelUsage, Usage

# What a user calls: the Runtime and its table, the results, the errors, and the two hooks a
# caller may supply (a Limiter, a BreakerStore). Everything else lives in its module and may move.
__all__ = [
    "AllFailed",
    "Attempt",
    "BadResponse",
    "BreakerStore",
    "Choice",
    "ContextTooLong",
    "EmbedResult",
    "Entry",
    "ImageResult",
    "Limiter",
    "ModelNotFound",
    "ModelUsage",
    "ModelcfgError",
    "NoModelFits",
    "Provider",
    "ProviderError",
    "RateLimited",
    "RateLimiter",
    "Rejected",
    "Runtime",
    "SelectionError",
    "Table",
    "TableError",
    "TextResult",
    "Unavailable",
    "Usage",
    "load_table",
    "table_from_dict",
]

if TYPE_CHECKING:
    from .ratelimit import RateLimiter

#: public names imported on first use: only tables with rate limits pay for the limiter module
_LAZY = {"RateLimiter": ".ratelimit"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'modelcfg.runtime' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module, __name__), name)
