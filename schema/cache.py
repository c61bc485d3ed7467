"""Embedding cache tiers: memory → disk → Redis."""

from pydantic import Field, StrictBool, StrictFloat, StrictInt

from .base import ConfigModel, default_instance


class MemoryTier(ConfigModel):
    """In-process TTL cache."""

    enabled: StrictBool = Field(default=True, description="Use the memory tier.")
    ttl_s: StrictFloat = Field(
        default=300.0, gt=0, description="Seconds an entry lives (the seed: 5 minutes)."
    )
    max_entries: StrictInt = Field(default=10000, gt=0, description="Most vectors kept in memory.")


class DiskTier(ConfigModel):
    """On-disk cache shared by processes on one machine; survives restarts."""

    enabled: StrictBool = Field(default=True, description="Use the disk tier.")
    path: str | None = Field(
        default=None,
        description="Directory of the disk tier, relative to the runtime's base directory (the project "
        "directory for `modelcfg cache`); unset: `modelcfg/embeddings` in the user's cache directory.",
    )
    size_limit_mb: StrictInt = Field(default=1024, gt=0, description="Evict beyond this size.")
    ttl_s: StrictFloat | None = Field(
        default=None, gt=0, description="Seconds an entry lives; forever if unset."
    )


class RedisTier(ConfigModel):
    """Redis cache shared by a fleet of agents."""

    enabled: StrictBool = Field(default=False, description="Use the Redis tier.")
    url_env: str = Field(default="MODELCFG_REDIS_URL", description="Env var holding the Redis URL.")
    ttl_s: StrictFloat = Field(default=7 * 24 * 3600.0, gt=0, description="Seconds an entry lives.")
    timeout_s: StrictFloat = Field(
        default=0.05, gt=0, description="Socket timeout; a slower Redis is skipped."
    )
    key_prefix: str = Field(default="modelcfg:emb:", description="Prefix of every key.")


class EmbeddingCache(ConfigModel):
    """The tiers, read fastest first, written through on a miss."""

    memory: MemoryTier = Field(default_factory=default_instance(MemoryTier), description="Memory tier.")
    disk: DiskTier = Field(default_factory=default_instance(DiskTier), description="Disk tier.")
    redis: RedisTier = Field(default_factory=default_instance(RedisTier), description="Redis tier.")


class Cache(ConfigModel):
    """Caches the runtime keeps."""

    embeddings: EmbeddingCache = Field(
        default_factory=default_instance(EmbeddingCache), description="Embedding cache."
    )
