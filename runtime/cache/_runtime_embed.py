"""`Runtime.embed` with the tiered cache in front of `Runtime.embed_uncached` (the miss path).

Only distinct misses are sent, in batches of the chain's `batch_size`, and the
vectors come back in input order. A result never mixes models: when failover
served the misses from another model than the chain's head, the whole request
is answered from that model (its cache first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..results import EmbedResult
from ..select import Choice
from ..table import EMPTY, Entry, Table, embed_batch_size
from ..usage import Usage
from ._embeddings import Computed, EmbeddingCache
from ._space import EmbeddingSpace


class Embedder(Protocol):
    """What the cache reads of `modelcfg.runtime.Runtime`: its table, selection and the miss path."""

    @property
    def table(self) -> Table: ...

    def select(self, *, model_class: str | None = None, provider: str | None = None) -> Choice: ...

    def embed_uncached(self, texts: Sequence[str], *, provider: str | None = None) -> EmbedResult: ...

    async def aembed_uncached(self, texts: Sequence[str], *, provider: str | None = None) -> EmbedResult: ...


def space_of(entry: Entry) -> EmbeddingSpace:
    return EmbeddingSpace.of(entry.provider.api, entry.provider.endpoint, entry.model_id, entry.dimensions)


def cacheable(entry: Entry) -> bool:
    """The table says `embedding.cache` (default true) and the vector size is known."""
    return entry.dimensions is not None and bool((entry.embedding or EMPTY).get("cache", True))


class _Misses:
    """The miss path for one request: each batch through `embed_uncached`, pinned to the model that served."""

    def __init__(self, runtime: Embedder, provider: str | None) -> None:
        self.runtime = runtime
        self.provider = provider
        self.served: list[EmbedResult] = []

    def entry(self, result: EmbedResult) -> Entry:
        return self.runtime.table.entries[f"{result.provider}/embedding"]

    @property
    def pinned(self) -> str | None:
        """Once a batch is served, later batches go to the same provider (and so the same model)."""
        return self.served[-1].provider if self.served else self.provider

    def computed(self, result: EmbedResult) -> Computed:
        self.served.append(result)
        return Computed(result.vectors, space_of(self.entry(result)))

    def __call__(self, batch: list[str]) -> Computed:
        return self.computed(self.runtime.embed_uncached(batch, provider=self.pinned))

    async def acall(self, batch: list[str]) -> Computed:
        return self.computed(await self.runtime.aembed_uncached(batch, provider=self.pinned))


def embed_through(
    runtime: Embedder, cache: EmbeddingCache, texts: Sequence[str], provider: str | None
) -> EmbedResult:
    chain = runtime.select(model_class="embedding", provider=provider).chain
    head = chain[0]
    if not cacheable(head):
        return runtime.embed_uncached(texts, provider=provider)
    misses = _Misses(runtime, provider)
    vectors = cache.get_or_compute(space_of(head), texts, misses, batch_size=embed_batch_size(chain))
    served_by = misses.entry(misses.served[-1]) if misses.served else head
    if served_by != head:
        # Failover answered with another model: its vectors are not comparable with the head's hits.
        vectors = cache.get_or_compute(
            space_of(served_by), texts, misses, batch_size=embed_batch_size((served_by,))
        )
    return _result(vectors, served_by, misses.served)


async def aembed_through(
    runtime: Embedder, cache: EmbeddingCache, texts: Sequence[str], provider: str | None
) -> EmbedResult:
    chain = runtime.select(model_class="embedding", provider=provider).chain
    head = chain[0]
    if not cacheable(head):
        return await runtime.aembed_uncached(texts, provider=provider)
    misses = _Misses(runtime, provider)
    vectors = await cache.aget_or_compute(
        space_of(head), texts, misses.acall, batch_size=embed_batch_size(chain)
    )
    served_by = misses.entry(misses.served[-1]) if misses.served else head
    if served_by != head:
        vectors = await cache.aget_or_compute(
            space_of(served_by), texts, misses.acall, batch_size=embed_batch_size((served_by,))
        )
    return _result(vectors, served_by, misses.served)


def _result(vectors: Sequence[Sequence[float]], entry: Entry, served: Sequence[EmbedResult]) -> EmbedResult:
    attempts = tuple(a for r in served for a in r.attempts)
    return EmbedResult(
        vectors=tuple(vectors),
        provider=entry.provider.name,
        model=entry.model_id,
        usage=Usage(sum(r.usage.input_tokens for r in served), 0),
        latency_s=sum(r.latency_s for r in served),
        attempts=attempts,
    )
