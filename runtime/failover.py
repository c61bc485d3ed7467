"""Walk a failover chain: retry an entry with backoff, move on when it cannot serve, record
every attempt. The walk is a generator that asks its driver to `Send` or `Sleep`, so one
policy serves the sync and the async client and is tested with a fake clock."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any

from .backoff import RetryPolicy, backoff
from .breaker import Breaker
from .errors import AllFailed, Attempt, ContextTooLong, ProviderError, RateLimited, Unavailable
from .table import Entry


@dataclass(frozen=True, slots=True)
class Send:
    """Call this entry; first cut the context to `fit_tokens` if set."""

    entry: Entry
    fit_tokens: int | None


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one Send produced: a parsed reply or an error, and how long it took."""

    value: Any
    error: ProviderError | None
    latency_s: float


@dataclass(frozen=True, slots=True)
class Served:
    value: Any
    entry: Entry
    attempts: tuple[Attempt, ...]


Walk = Generator[Send | Sleep, Outcome | None, Served]


def breaker_key(entry: Entry) -> str:
    return f"{entry.provider.name}/{entry.model_id}"


def retriable(err: ProviderError, policy: RetryPolicy) -> bool:
    """Retry the same entry on the policy's statuses and on network failures (no status)."""
    if err.status is None:
        return isinstance(err, Unavailable)
    return isinstance(err, RateLimited | Unavailable) and err.status in policy.retry_on_status


def walk(
    chain: Sequence[Entry],
    policy: RetryPolicy,
    breaker: Breaker,
    clock: Callable[[], float],
    rng: random.Random,
    context_chain: Sequence[Entry] = (),
) -> Walk:
    """Try ``chain`` in order. A context-window error moves to ``context_chain`` instead (once),
    as LiteLLM's context_window_fallbacks do; without one, the entry retries once cut to fit."""
    attempts: list[Attempt] = []
    throttled: list[RateLimited] = []  # refusals of our own limiter: nothing was sent
    started = clock()
    pending = list(chain)
    bigger = list(context_chain)
    while pending:
        entry = pending.pop(0)
        if clock() - started >= policy.total_timeout_s:
            raise AllFailed(tuple(attempts), f"total_timeout_s={policy.total_timeout_s} spent")
        key = breaker_key(entry)
        if not breaker.allow(key):
            attempts.append(_attempt(entry, None, 0.0, "circuit breaker open", "Unavailable"))
            continue
        fit: int | None = None
        tries = 0
        while True:
            tries += 1
            outcome = yield Send(entry, fit)
            assert outcome is not None
            err = outcome.error
            if err is None:
                breaker.success(key)
                attempts.append(_attempt(entry, 200, outcome.latency_s, "", ""))
                return Served(outcome.value, entry, tuple(attempts))
            attempts.append(_attempt(entry, err.status, outcome.latency_s, err.message, type(err).__name__))
            if isinstance(err, ContextTooLong):
                if bigger:
                    pending, bigger = bigger, []
                    break
                limit = err.limit_tokens or entry.max_input_tokens
                if fit is not None or limit is None:
                    break
                fit, tries = limit, tries - 1  # the seed's truncateAndRetry: once, not counted as a retry
                continue
            if isinstance(err, RateLimited) and err.status is None:
                throttled.append(err)  # the entry is healthy, only its budget is spent: try the next
            elif isinstance(err, RateLimited | Unavailable):
                breaker.failure(key)
            if not retriable(err, policy) or tries >= policy.attempts or breaker.is_open(key):
                break
            wait = backoff(policy, tries, rng, getattr(err, "retry_after_s", None))
            if clock() - started + wait > policy.total_timeout_s:
                break  # waiting here would spend the budget: try the next entry now
            yield Sleep(wait)
    if throttled and len(throttled) == len(attempts):
        raise min(throttled, key=lambda e: e.retry_after_s or 0.0)  # every budget spent: when one frees
    raise AllFailed(tuple(attempts))


def _attempt(entry: Entry, status: int | None, latency_s: float, reason: str, error: str) -> Attempt:
    return Attempt(
        entry.provider.name, entry.model_id, entry.model_class, status, latency_s, reason[:300], error
    )


def run(walker: Walk, send: Callable[[Send], Outcome], sleep: Callable[[float], None]) -> Served:
    """Drive a walk with blocking calls."""
    step = next(walker)
    while True:
        try:
            if isinstance(step, Sleep):
                sleep(step.seconds)
                step = walker.send(None)
            else:
                step = walker.send(send(step))
        except StopIteration as done:
            served: Served = done.value
            return served


async def arun(
    walker: Walk, send: Callable[[Send], Awaitable[Outcome]], sleep: Callable[[float], Awaitable[None]]
) -> Served:
    """Drive a walk with awaitable calls."""
    step = next(walker)
    while True:
        try:
            if isinstance(step, Sleep):
                await sleep(step.seconds)
                step = walker.send(None)
            else:
                step = walker.send(await send(step))
        except StopIteration as done:
            served: Served = done.value
            return served
