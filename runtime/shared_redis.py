"""The Redis that rate limits, circuit breakers and the embedding cache share: how to connect, what
it raises, and whether it is up.

A client gives up after one short timeout and never retries by itself; an `Outage` decides
when to try again, so a slow or dead Redis costs one timeout and one warning, never a failed
request. redis-py is imported only when a Redis is actually used (it is the `redis` extra).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any

from .outage import Outage

log = logging.getLogger("modelcfg.ratelimit")

REDIS_TIMEOUT_S = 0.1  # a Redis slower than this counts as away
REDIS_RECONNECT_S = 1.0  # how often an away Redis is tried again
#: the warning when `scope: redis` meets an install without redis-py
NO_PACKAGE = "%s with scope redis need the redis package (pip install 'modelcfg[redis]'); %s"


@functools.cache
def redis_errors() -> tuple[type[BaseException], ...]:
    """What a failing Redis raises: redis-py's errors (connection, timeout, OOM replies), OS errors
    and asyncio timeouts; without redis-py, only the last two."""
    try:
        import redis
    except ImportError:
        return (OSError, asyncio.TimeoutError)
    return (redis.RedisError, OSError, asyncio.TimeoutError)


def have_redis() -> bool:
    """True when the `redis` extra is installed."""
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    return True


def client_options(timeout_s: float) -> dict[str, Any]:
    """Short timeouts and no retries: a slow Redis must cost one timeout, not several."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"socket_timeout": timeout_s, "socket_connect_timeout": timeout_s, "retry": Retry(NoBackoff(), 0)}


def connect(url: str | None, url_env: str, timeout_s: float, what: str, fallback: str) -> Any:
    """A redis-py client for `url`, or None (with one warning saying what `what` does instead)
    when the URL is unset or unusable or the redis package is not installed."""
    if not have_redis():
        log.warning(NO_PACKAGE, what, fallback)
        return None
    if url is None:
        log.warning("%s with scope redis: $%s is not set; %s", what, url_env, fallback)
        return None
    import redis

    try:
        return redis.Redis.from_url(url, **client_options(timeout_s))
    except ValueError as exc:  # redis-py's "invalid URL"; its message never includes the password
        log.warning(
            "%s with scope redis: $%s is not a usable Redis URL (%s); %s", what, url_env, exc, fallback
        )
        return None


def redis_health(what: str, url_env: str, retry_s: float, clock: Callable[[], float]) -> Outage:
    """The up/down state of the Redis in `$url_env` as used for `what`; local state meanwhile."""
    return Outage(
        f"redis for {what} (${url_env})",
        redis_errors(),
        retry_s=retry_s,
        clock=clock,
        log=log,
        instead="working locally until it is back",
        error_text=False,  # the variable is named, never the URL or its host
    )
