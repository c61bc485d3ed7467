"""What makes two embedding vectors comparable, and the cache keys derived from it."""

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class EmbeddingSpace:
    """What makes two vectors comparable; `dimensions` None means unknown (nothing is cached)."""

    api: str
    host: str
    model: str
    dimensions: int | None

    @classmethod
    def of(cls, api: str, endpoint: str, model: str, dimensions: int | None) -> "EmbeddingSpace":
        """The space of a model behind an endpoint URL (its host and port count, its path does not)."""
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        if parts.port is not None:
            host = f"{host}:{parts.port}"
        return cls(api, host, model, dimensions)

    @property
    def id(self) -> str:
        """A short hash of the space; the memory tier keys entries by `(space.id, text)`."""
        return _space_id(self)

    def key(self, text: str) -> str:
        """The shared tiers' key: sha256 of the space and the text as sent."""
        digest = _space_hash(self).copy()
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


@lru_cache(maxsize=256)
def _space_hash(space: EmbeddingSpace) -> "hashlib._Hash":
    # JSON fixes where the fields end, so no two spaces share a prefix.
    fields = json.dumps([space.api, space.host, space.model, space.dimensions])
    return hashlib.sha256(fields.encode() + b"\n")


@lru_cache(maxsize=256)
def _space_id(space: EmbeddingSpace) -> str:
    return _space_hash(space).hexdigest()[:32]
