"""Typed schema of modelcfg documents (pydantic v2) and its JSON Schema.

Exports load on first use, so a light submodule (`classes`, `secrets`) imports without pydantic.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import Cache, DiskTier, EmbeddingCache, MemoryTier, RedisTier
    from .catalog import CatalogEntry
    from .classes import CHAT_CLASSES, Capability, ModelClass, Scope, Severity, WireApi
    from .document import Document, LintConfig
    from .emit import document_schema
    from .provider import EmbeddingOptions, ImageOptions, ModelSpec, Provider, RateLimits, VertexOptions
    from .routing import Breaker, Condition, Failover, RetryPolicy, Rule, Selection, Task
    from .settings import Settings, TokenWindow

__all__ = [
    "CHAT_CLASSES",
    "Breaker",
    "Cache",
    "Capability",
    "CatalogEntry",
    "Condition",
    "DiskTier",
    "Document",
    "EmbeddingCache",
    "EmbeddingOptions",
    "Failover",
    "ImageOptions",
    "LintConfig",
    "MemoryTier",
    "ModelClass",
    "ModelSpec",
    "Provider",
    "RateLimits",
    "RedisTier",
    "RetryPolicy",
    "Rule",
    "Scope",
    "Selection",
    "Settings",
    "Severity",
    "Task",
    "TokenWindow",
    "VertexOptions",
    "WireApi",
    "document_schema",
]


#: export name -> submodule that defines it.
_LAZY: dict[str, str] = {
    "Cache": "cache",
    "DiskTier": "cache",
    "EmbeddingCache": "cache",
    "MemoryTier": "cache",
    "RedisTier": "cache",
    "CatalogEntry": "catalog",
    "CHAT_CLASSES": "classes",
    "Capability": "classes",
    "ModelClass": "classes",
    "Scope": "classes",
    "Severity": "classes",
    "WireApi": "classes",
    "Document": "document",
    "LintConfig": "document",
    "document_schema": "emit",
    "EmbeddingOptions": "provider",
    "ImageOptions": "provider",
    "ModelSpec": "provider",
    "Provider": "provider",
    "RateLimits": "provider",
    "VertexOptions": "provider",
    "Breaker": "routing",
    "Condition": "routing",
    "Failover": "routing",
    "RetryPolicy": "routing",
    "Rule": "routing",
    "Selection": "routing",
    "Task": "routing",
    "Settings": "settings",
    "TokenWindow": "settings",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'modelcfg.schema' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
