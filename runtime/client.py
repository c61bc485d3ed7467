"""`Runtime`: select a model from the table and call it, with failover, over httpx."""

from __future__ import annotations

import random
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from .adapters import ADAPTERS
from .breaker import Breaker, BreakerStore
from .context import estimate_tokens, truncate_oldest
from .credentials import Credentials
from .errors import ProviderError, Rejected, SelectionError
from .failover import Outcome, Send, Served, arun, run, walk
from .limiter import Limiter, NoLimit
from .results import EmbedResult, ImageResult, TextResult, embed_result, image_result, text_result, usage_of
from .select import Choice, Selector
from .table import EMPTY, Entry, Table, embed_batch_size, load_table, table_from_dict
from .transport import aexchange, exchange
from .usage import ModelUsage, Usage, UsageTracker
from .wire import EmbedReply, HttpRequest, Message

if TYPE_CHECKING:
    from asyncio import AbstractEventLoop

    from .cache import EmbeddingCache

#: builds the request for one entry (context cut to fit_tokens if given): request, parser, token estimate
Job = Callable[[Entry, int | None], tuple[HttpRequest, Callable[[Any], Any], int]]


async def _asyncio_sleep(seconds: float) -> None:
    """asyncio.sleep, without importing asyncio for sync-only users."""
    import asyncio

    await asyncio.sleep(seconds)


class Runtime:
    """Executes a compiled table. Thread-safe; one instance per process is the intent.

    Pass your own `httpx.Client` / `httpx.AsyncClient` to keep your proxies and limits;
    otherwise the runtime makes (and closes) its own, reusing connections across calls. An
    async client belongs to one event loop, so the runtime makes one per loop it is used from
    (each `asyncio.run()` has its own).
    """

    def __init__(
        self,
        table: Table,
        *,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        limiter: Limiter | None = None,
        breaker_store: BreakerStore | None = None,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        asleep: Callable[[float], Awaitable[None]] = _asyncio_sleep,
        rng: random.Random | None = None,
        embed_cache: EmbeddingCache | bool = True,
    ) -> None:
        self.table = table
        self.selector = Selector(table)
        self.limiter: Limiter = limiter if limiter is not None else NoLimit()
        if limiter is None and any(e.rate_limits for e in table.entries.values()):
            from .ratelimit import RateLimiter  # imported only by tables that set rate limits

            self.limiter = RateLimiter(
                environ=environ, clock=clock, sleep=sleep, asleep=asleep, entries=table.entries.values()
            )
        if breaker_store is None and table.breaker.scope == "redis":
            from .breaker_redis import RedisBreakerStore  # redis-py is an optional extra

            breaker_store = RedisBreakerStore.from_env(table.breaker.redis_url_env, environ)
        self.breaker = Breaker(table.breaker, clock, breaker_store)
        self.credentials = Credentials(environ, clock)
        self.tracker = UsageTracker()
        self._clock, self._sleep, self._asleep = clock, sleep, asleep
        self._rng = rng or random.Random()
        self._own_client = client is None
        self._client = client
        self._async_client = async_client  # the caller's, used from whatever loop they use it in
        self._loop_clients: weakref.WeakKeyDictionary[AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )
        # True: the tiers the table's cache.embeddings configures (built on first embed); False: none.
        self._embed_cache_option = embed_cache
        self._embed_environ = environ  # the Redis tier's URL variable is read from the same environment
        self._embed_cache: EmbeddingCache | None = None if isinstance(embed_cache, bool) else embed_cache

    @classmethod
    def load(cls, path: str | Path, **options: Any) -> Runtime:
        """Load a table file (format and content_hash are checked)."""
        return cls(load_table(path), **options)

    @classmethod
    def from_table(cls, envelope: Mapping[str, Any], **options: Any) -> Runtime:
        """Use an already-parsed table envelope (as `modelcfg.compiler` returns it)."""
        return cls(table_from_dict(dict(envelope)), **options)

    # -- selection -------------------------------------------------------------------------

    def select(
        self,
        task: str | None = None,
        speed: str | None = None,
        complexity: str | None = None,
        min_context: int | None = None,
        needs: Iterable[str] | None = None,
        profile: str | None = None,
        *,
        model_class: str | None = None,
        provider: str | None = None,
    ) -> Choice:
        """The model for a request; raises NoModelFits saying why when none fits."""
        return self.selector.select(
            task, speed, complexity, min_context, needs, profile, model_class, provider
        )

    @property
    def usage(self) -> Mapping[str, ModelUsage]:
        """Tokens in/out, calls, failures and latency per "provider/model"."""
        return self.tracker.snapshot()

    # -- text ------------------------------------------------------------------------------

    def generate_text(
        self,
        prompt: str | None = None,
        *,
        messages: Sequence[Message] = (),
        system: str | None = None,
        max_tokens: int | None = None,
        **select: Any,
    ) -> TextResult:
        """Generate text; `select` takes select()'s arguments (task, speed, model_class, ...)."""
        choice = self.select(**select)
        job = self._text_job(choice, prompt, messages, system, max_tokens)
        served = self._call(choice.chain, job, choice.context_chain)
        return text_result(served)

    async def agenerate_text(
        self,
        prompt: str | None = None,
        *,
        messages: Sequence[Message] = (),
        system: str | None = None,
        max_tokens: int | None = None,
        **select: Any,
    ) -> TextResult:
        choice = self.select(**select)
        served = await self._acall(
            choice.chain, self._text_job(choice, prompt, messages, system, max_tokens), choice.context_chain
        )
        return text_result(served)

    def _text_job(
        self,
        choice: Choice,
        prompt: str | None,
        messages: Sequence[Message],
        system: str | None,
        max_tokens: int | None,
    ) -> Job:
        convo: list[Message] = [{"role": "system", "content": system}] if system else []
        convo += messages
        if prompt is not None:
            convo.append({"role": "user", "content": prompt})
        if not any(m["role"] != "system" for m in convo):
            raise SelectionError("nothing to send: give a prompt or messages")
        profile = self.selector.profiles[choice.profile] if choice.profile else EMPTY

        def job(entry: Entry, fit_tokens: int | None) -> tuple[HttpRequest, Callable[[Any], Any], int]:
            adapter = ADAPTERS[entry.provider.api]
            sent = truncate_oldest(convo, fit_tokens) if fit_tokens else convo
            settings = {**entry.settings, **profile} if profile else entry.settings
            if entry.unsent:  # a profile may name settings this model's API refuses
                settings = {k: v for k, v in settings.items() if k not in entry.unsent}
            out = max_tokens or entry.max_output_tokens
            request = adapter.build_chat(
                entry, sent, settings, out, self.credentials.for_provider(entry.provider)
            )
            return request, adapter.parse_chat, estimate_tokens(sent) + (out or 0)

        return job

    # -- embeddings ------------------------------------------------------------------------

    def embed(self, texts: Sequence[str], *, provider: str | None = None) -> EmbedResult:
        """Embed texts (the embedding cache, when configured, sits in front of embed_uncached)."""
        cache = self.embed_cache
        if cache is None or not texts:
            return self.embed_uncached(texts, provider=provider)
        from .cache._runtime_embed import embed_through

        return embed_through(self, cache, texts, provider)

    async def aembed(self, texts: Sequence[str], *, provider: str | None = None) -> EmbedResult:
        cache = self.embed_cache
        if cache is None or not texts:
            return await self.aembed_uncached(texts, provider=provider)
        from .cache._runtime_embed import aembed_through

        return await aembed_through(self, cache, texts, provider)

    @property
    def embed_cache(self) -> EmbeddingCache | None:
        """The tiered embedding cache (runtime/cache/), or None when the table enables no tier."""
        if self._embed_cache is None and self._embed_cache_option is True:
            from .cache import EmbeddingCache

            self._embed_cache = EmbeddingCache.from_body(
                self.table.body, environ=self._embed_environ, clock=self._clock
            )
            self._embed_cache_option = self._embed_cache is not None
        return self._embed_cache

    def embed_uncached(self, texts: Sequence[str], *, provider: str | None = None) -> EmbedResult:
        """The miss path: send texts to the provider in batches of embedding.batch_size.

        Once a batch is served, later batches go to the same model (vectors of different
        models are not comparable, so a call never mixes them).
        """
        chain, parts = self.select(model_class="embedding", provider=provider).chain, []
        for batch in _batches(texts, chain):
            served = self._call(chain, self._embed_job(batch))
            parts.append(served)
            chain = (served.entry,)
        return embed_result(parts)

    async def aembed_uncached(self, texts: Sequence[str], *, provider: str | None = None) -> EmbedResult:
        chain, parts = self.select(model_class="embedding", provider=provider).chain, []
        for batch in _batches(texts, chain):
            served = await self._acall(chain, self._embed_job(batch))
            parts.append(served)
            chain = (served.entry,)
        return embed_result(parts)

    def _embed_job(self, texts: Sequence[str]) -> Job:
        def job(entry: Entry, fit_tokens: int | None) -> tuple[HttpRequest, Callable[[Any], Any], int]:
            adapter = ADAPTERS[entry.provider.api]
            if adapter.build_embed is None or adapter.parse_embed is None:
                raise Rejected(f"the {entry.provider.api} API has no embeddings endpoint")
            parse = _checked_dimensions(adapter.parse_embed, entry.dimensions, len(texts))
            request = adapter.build_embed(entry, texts, self.credentials.for_provider(entry.provider))
            return request, parse, sum(len(t) for t in texts) // 4 + 1

        return job

    # -- images ----------------------------------------------------------------------------

    def generate_image(self, prompt: str, *, provider: str | None = None, **options: Any) -> ImageResult:
        """Generate images; options (n, size, steps) override the table's image settings."""
        choice = self.select(model_class="image", provider=provider)
        return image_result(self._call(choice.chain, self._image_job(prompt, options)))

    async def agenerate_image(
        self, prompt: str, *, provider: str | None = None, **options: Any
    ) -> ImageResult:
        choice = self.select(model_class="image", provider=provider)
        return image_result(await self._acall(choice.chain, self._image_job(prompt, options)))

    def _image_job(self, prompt: str, options: Mapping[str, Any]) -> Job:
        def job(entry: Entry, fit_tokens: int | None) -> tuple[HttpRequest, Callable[[Any], Any], int]:
            adapter = ADAPTERS[entry.provider.api]
            if adapter.build_image is None or adapter.parse_image is None:
                raise Rejected(f"the {entry.provider.api} API has no image endpoint")
            merged = {**(entry.image or EMPTY), **options}
            request = adapter.build_image(
                entry, prompt, merged, self.credentials.for_provider(entry.provider)
            )
            return request, adapter.parse_image, len(prompt) // 4 + 1

        return job

    # -- calling through the chain ---------------------------------------------------------

    def _call(self, chain: Sequence[Entry], job: Job, context_chain: Sequence[Entry] = ()) -> Served:
        def send(step: Send) -> Outcome:
            entry, started = step.entry, self._clock()
            adapter = ADAPTERS[entry.provider.api]
            try:
                request, parse, est = job(entry, step.fit_tokens)
                reservation = self.limiter.acquire(entry, est)
            except ProviderError as refused:  # missing credentials, limiter over budget
                return Outcome(None, refused.at(entry.provider.name, entry.model_id), 0.0)
            client = self._client or self._make_client()
            value, err, headers = exchange(
                client, request, entry.provider.timeout_s, parse, adapter.classify_error
            )
            usage = usage_of(value)
            self.limiter.settle(entry, reservation, usage, headers)
            return self._outcome(entry, value, err, usage, started)

        walker = walk(chain, self.table.retry, self.breaker, self._clock, self._rng, context_chain)
        return run(walker, send, self._sleep)

    async def _acall(self, chain: Sequence[Entry], job: Job, context_chain: Sequence[Entry] = ()) -> Served:
        async def send(step: Send) -> Outcome:
            entry, started = step.entry, self._clock()
            adapter = ADAPTERS[entry.provider.api]
            try:
                request, parse, est = job(entry, step.fit_tokens)
                reservation = await self.limiter.aacquire(entry, est)
            except ProviderError as refused:  # missing credentials, limiter over budget
                return Outcome(None, refused.at(entry.provider.name, entry.model_id), 0.0)
            client = self._async_client or self._loop_client()
            value, err, headers = await aexchange(
                client, request, entry.provider.timeout_s, parse, adapter.classify_error
            )
            usage = usage_of(value)
            await self.limiter.asettle(entry, reservation, usage, headers)
            return self._outcome(entry, value, err, usage, started)

        walker = walk(chain, self.table.retry, self.breaker, self._clock, self._rng, context_chain)
        return await arun(walker, send, self._asleep)

    def _outcome(
        self, entry: Entry, value: Any, err: ProviderError | None, usage: Usage | None, started: float
    ) -> Outcome:
        latency = self._clock() - started
        self.tracker.record(f"{entry.provider.name}/{entry.model_id}", usage, latency)
        return Outcome(value, err.at(entry.provider.name, entry.model_id) if err else None, latency)

    # -- lifecycle -------------------------------------------------------------------------

    def _make_client(self) -> httpx.Client:
        self._client = httpx.Client()
        return self._client

    def _loop_client(self) -> httpx.AsyncClient:
        """This event loop's own client (a client used from another loop fails: its loop is gone)."""
        import asyncio

        loop = asyncio.get_running_loop()
        client = self._loop_clients.get(loop)
        if client is None:
            self._forget_closed_loops()
            client = self._loop_clients[loop] = httpx.AsyncClient()
        return client

    def _forget_closed_loops(self) -> None:
        """Drop the clients of loops that have closed (each `asyncio.run()` leaves one): their
        connections hold the loop, so without this neither would ever be freed."""
        for loop in [loop for loop in self._loop_clients if loop.is_closed()]:
            self._loop_clients.pop(loop, None)

    def close(self) -> None:
        """Close the HTTP clients the runtime made (never a caller's) and save the cache counters."""
        self._forget_closed_loops()
        if self._embed_cache is not None:
            self._embed_cache.close()
        if self._own_client and self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        """`close`, and close the async client this event loop's calls used (never a caller's)."""
        import asyncio

        self.close()
        client = self._loop_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Runtime:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _checked_dimensions(
    parse: Callable[[Any], EmbedReply], dims: int | None, count: int
) -> Callable[[Any], Any]:
    """The seed's validateEmbedding: one vector per text, each of the configured size."""

    def checked(data: Any) -> EmbedReply:
        reply = parse(data)
        if len(reply.vectors) != count:
            raise ValueError(f"{len(reply.vectors)} vectors for {count} texts")
        bad = next((len(v) for v in reply.vectors if dims is not None and len(v) != dims), None)
        if bad is not None:
            raise ValueError(f"dimension mismatch: expected {dims}, got {bad}")
        return reply

    return checked


def _batches(texts: Sequence[str], chain: Sequence[Entry]) -> list[Sequence[str]]:
    size = embed_batch_size(chain)
    return [texts[i : i + size] for i in range(0, len(texts), size)]
