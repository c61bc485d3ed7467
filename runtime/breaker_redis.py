"""Circuit-breaker state shared by a fleet through Redis (`failover.breaker.scope: redis`).

Implements breaker.BreakerStore: when one process sees an entry fail `failure_threshold`
times in a row, every process stops sending to it; after the cooldown exactly one process
wins the half-open probe. Each method is one short Lua script (one round trip), timed by
the server's clock, so `opened_at` is Redis time and the `now` arguments are not used.
While Redis is away the state is kept in this process (one warning, retried periodically);
without a URL or the `redis` extra it always is (one warning naming what to install).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from .breaker import BreakerState, MemoryBreakerStore
from .shared_redis import REDIS_RECONNECT_S, REDIS_TIMEOUT_S, connect, redis_errors, redis_health

PREFIX = "modelcfg:breaker:"

# ARGV: threshold, forget-after s. Returns {failures, opened_at or ''}.
FAILURE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'opened_at', string.format('%.6f', now))
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return {failures, redis.call('HGET', KEYS[1], 'opened_at') or ''}
"""

# ARGV: cooldown s. Returns 1 when this caller wins the half-open probe.
PROBE_LUA = """
local opened = tonumber(redis.call('HGET', KEYS[1], 'opened_at'))
if not opened then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
if now - opened < tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'opened_at', string.format('%.6f', now))
return 1
"""


class RedisBreakerStore:
    """A BreakerStore in Redis, with this process's memory as the fallback."""

    def __init__(
        self,
        url: str | None,
        *,
        url_env: str = "MODELCFG_REDIS_URL",
        timeout_s: float = REDIS_TIMEOUT_S,
        reconnect_s: float = REDIS_RECONNECT_S,
        forget_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.local = MemoryBreakerStore()
        self.health = redis_health("the circuit breaker", url_env, reconnect_s, clock)
        self.forget_s = forget_s
        self.client = connect(url, url_env, timeout_s, "circuit breakers", "each process keeps its own state")
        self._failure = self.client.register_script(FAILURE_LUA) if self.client else None
        self._probe = self.client.register_script(PROBE_LUA) if self.client else None

    @classmethod
    def from_env(cls, url_env: str, environ: Mapping[str, str] | None = None) -> RedisBreakerStore:
        """The store for the Redis URL in `$url_env` (local only, with a warning, if it is unset)."""
        return cls((os.environ if environ is None else environ).get(url_env), url_env=url_env)

    def state(self, key: str) -> BreakerState:
        raw = self._call(lambda c: c.hmget(PREFIX + key, "failures", "opened_at"))
        if raw is None:
            return self.local.state(key)
        failures, opened = raw
        return BreakerState(int(failures or 0), float(opened) if opened else None)

    def record_failure(self, key: str, now: float, threshold: int) -> BreakerState:
        script, args = self._failure, [threshold, int(self.forget_s)]
        reply = self._call(lambda c: script(keys=[PREFIX + key], args=args)) if script else None
        if reply is None:
            return self.local.record_failure(key, now, threshold)
        return BreakerState(int(reply[0]), float(reply[1]) if reply[1] else None)

    def record_success(self, key: str) -> None:
        if self._call(lambda c: c.delete(PREFIX + key)) is None:
            self.local.record_success(key)

    def claim_probe(self, key: str, now: float, cooldown_s: float) -> bool:
        script = self._probe
        won = self._call(lambda c: script(keys=[PREFIX + key], args=[cooldown_s])) if script else None
        if won is None:
            return self.local.claim_probe(key, now, cooldown_s)
        return bool(won)

    def _call(self, op: Callable[[Any], Any]) -> Any:
        """`op(client)`, or None when Redis is away (then the caller uses local state)."""
        if self.client is None or not self.health.usable():
            return None
        try:
            result = op(self.client)
        except redis_errors() as exc:
            self.health.fail(exc)
            return None
        self.health.recovered()
        return result
