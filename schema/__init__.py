"""Typed schema of modelcfg documents (pydantic v2) and its JSON Schema."""

from .cache import Cache, DiskTier, EmbeddingCache, MemoryTier, RedisTier
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
