"""The tiered embedding cache (memory → disk → Redis) in front of `Runtime.embed`.

`EmbeddingCache` is built from a table's `cache.embeddings` section (or passed to
`Runtime.load(..., embed_cache=...)`); an `EmbeddingSpace` names what makes vectors
comparable. Everything else in this package is private.
"""

from ._db import UntrustedCache
from ._embeddings import EmbeddingCache
from ._space import EmbeddingSpace
from ._stats import CacheStats, TierStats
from ._tiers import disk_path

__all__ = [
    "CacheStats",
    "EmbeddingCache",
    "EmbeddingSpace",
    "TierStats",
    "UntrustedCache",
    "disk_path",
]
