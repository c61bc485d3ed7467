"""Fleet-wide budgets in Redis: one Lua script call per admission, one per settle.

Why a script of our own rather than the `limits` library: an admission must check the
request budget, the token budget, the in-flight leases and any provider-imposed block
*together* (taking a request slot and then failing on tokens would leak the slot), must
schedule a waiting request into the earliest slot instead of polling, and `settle` must
hand back unused tokens. `limits` offers one counter per call and no refunds, so it would
need two or three round trips and still not be atomic (and its moving window stores one
entry per unit of cost: 600 per request for a 600-token reservation). The script uses the server's clock
(`TIME`), so machines with skewed clocks share one timeline.

If Redis is unreachable or slower than `timeout_s`, admission falls back to a local
budget cut to `local_share` of the limit, with one warning; Redis is retried every
`reconnect_s`. Usage counted while away is added to Redis once it is back. Without a Redis
URL, or in an install without the `redis` extra, the store keeps to that local share for
good (one warning saying so: this module imports without redis-py).
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from ..shared_redis import (
    REDIS_RECONNECT_S,
    REDIS_TIMEOUT_S,
    client_options,
    connect,
    redis_errors,
    redis_health,
)
from ..usage import ModelUsage, UsageTracker
from ._budget import Decision, Limits, LocalStore, Reservation, new_lease
from ._fleet_usage import USAGE_PREFIX, hash_increments
from ._signals import Signals

STATE_PREFIX = "modelcfg:rl:"

# KEYS: state hash, in-flight lease zset, usage hash.
# ARGV: request interval s, burst, token interval s, token capacity, cost, max concurrency,
#       max wait s, lease id, lease s.  Returns {1 admitted | 0 refused | -1 busy, wait_s}.
ADMIT_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local req_t, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tok_t, cap, cost = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local conc, max_wait, lease_s = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[9])
local s = redis.call('HMGET', KEYS[1], 'rt', 'tt', 'block')
local rt, tt = tonumber(s[1]) or 0, tonumber(s[2]) or 0
local start = math.max(now, tonumber(s[3]) or 0)
if req_t > 0 then start = math.max(start, rt - (burst - 1) * req_t) end
if tok_t > 0 then start = math.max(start, tt - (cap - cost) * tok_t) end
local wait = start - now
if conc > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= conc then return {-1, tostring(wait)} end
end
if wait > max_wait then
  redis.call('HINCRBY', KEYS[3], 'rejected', 1)
  redis.call('HINCRBY', KEYS[3], 'throttled', 1)
  return {0, tostring(wait)}
end
local horizon = start
if req_t > 0 then
  rt = math.max(rt, start) + req_t
  redis.call('HSET', KEYS[1], 'rt', string.format('%.6f', rt))
  horizon = math.max(horizon, rt)
end
if tok_t > 0 then
  tt = math.max(tt, start) + cost * tok_t
  redis.call('HSET', KEYS[1], 'tt', string.format('%.6f', tt))
  horizon = math.max(horizon, tt)
end
redis.call('EXPIRE', KEYS[1], math.ceil(horizon - now) + 60)
if conc > 0 then
  redis.call('ZADD', KEYS[2], start + lease_s, ARGV[8])
  redis.call('EXPIRE', KEYS[2], math.ceil(wait + lease_s) + 60)
end
redis.call('HINCRBY', KEYS[3], 'requests', 1)
if wait > 0 then
  redis.call('HINCRBY', KEYS[3], 'throttled', 1)
  redis.call('HINCRBYFLOAT', KEYS[3], 'wait_s', wait)
end
return {1, tostring(wait)}
"""

# KEYS: state hash, in-flight lease zset, usage hash.
# ARGV: token interval s, token capacity, token correction, lease id, block s,
#       provider's remaining tokens (-1: unknown), tokens in, tokens out.
SETTLE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local tok_t, cap, delta = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local block_s, remaining = tonumber(ARGV[5]), tonumber(ARGV[6])
if tok_t > 0 and (delta ~= 0 or remaining >= 0) then
  local tt = tonumber(redis.call('HGET', KEYS[1], 'tt')) or 0
  tt = math.max(math.max(tt, now) + delta * tok_t, now)
  if remaining >= 0 then tt = math.max(tt, now + math.max(cap - remaining, 0) * tok_t) end
  redis.call('HSET', KEYS[1], 'tt', string.format('%.6f', tt))
  redis.call('EXPIRE', KEYS[1], math.ceil(tt - now) + 60)
end
if block_s > 0 then
  local block = math.max(tonumber(redis.call('HGET', KEYS[1], 'block')) or 0, now + block_s)
  redis.call('HSET', KEYS[1], 'block', string.format('%.6f', block))
  redis.call('EXPIRE', KEYS[1], math.ceil(block - now) + 60)
end
if ARGV[4] ~= '' then redis.call('ZREM', KEYS[2], ARGV[4]) end
local tin, tout = tonumber(ARGV[7]), tonumber(ARGV[8])
if tin > 0 then redis.call('HINCRBY', KEYS[3], 'tokens_in', tin) end
if tout > 0 then redis.call('HINCRBY', KEYS[3], 'tokens_out', tout) end
return 1
"""

REDIS_ERRORS = redis_errors()


@functools.lru_cache(maxsize=1024)
def redis_keys(key: str) -> tuple[str, str, str]:
    """The state, lease and usage keys of a `provider/model` budget (one cluster slot)."""
    return f"{STATE_PREFIX}{{{key}}}", f"{STATE_PREFIX}{{{key}}}:inflight", f"{USAGE_PREFIX}{{{key}}}"


class RedisStore:
    """Budgets shared through Redis, with a local fallback while Redis is away."""

    def __init__(
        self,
        url: str | None,
        *,
        url_env: str = "MODELCFG_REDIS_URL",
        clock: Callable[[], float] = time.monotonic,
        timeout_s: float = REDIS_TIMEOUT_S,
        reconnect_s: float = REDIS_RECONNECT_S,
        sleep: Callable[[float], None] = time.sleep,
        asleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.url, self.url_env, self.clock = url, url_env, clock
        self._sleep, self._asleep = sleep, asleep
        self.timeout_s, self.reconnect_s = timeout_s, reconnect_s
        self.fallback = LocalStore(clock)
        self.client = connect(url, url_env, timeout_s, "rate limits", "each process keeps to its local share")
        if self.client is None:
            self.url = None
        self._admit = self.client.register_script(ADMIT_LUA) if self.client else None
        self._settle = self.client.register_script(SETTLE_LUA) if self.client else None
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self.health = redis_health("rate limits", url_env, reconnect_s, clock)
        self._pending = UsageTracker()  # counted while Redis is away, added once it is back
        self._local_limits: dict[Limits, Limits] = {}

    # --- admission -------------------------------------------------------------------
    def admit(self, key: str, limits: Limits, cost: int, max_wait_s: float, lease_s: float) -> Decision:
        if self._admit is not None and self._usable():
            lease = new_lease()
            try:
                reply = self._admit(
                    keys=redis_keys(key), args=_admit_args(limits, cost, max_wait_s, lease, lease_s)
                )
            except REDIS_ERRORS as exc:
                self._went_down(exc)
            else:
                self._came_back()
                return _decision(reply, lease)
        return self._local_admit(key, limits, cost, max_wait_s)

    async def aadmit(
        self, key: str, limits: Limits, cost: int, max_wait_s: float, lease_s: float
    ) -> Decision:
        if self.url is not None and self._usable():
            lease = new_lease()
            try:
                script = self._async_scripts()[0]
                reply = await script(
                    keys=redis_keys(key), args=_admit_args(limits, cost, max_wait_s, lease, lease_s)
                )
            except REDIS_ERRORS as exc:
                self._went_down(exc)
            else:
                await self._acame_back()
                return _decision(reply, lease)
        return self._local_admit(key, limits, cost, max_wait_s)

    def _local_admit(self, key: str, limits: Limits, cost: int, max_wait_s: float) -> Decision:
        d = self.fallback.admit(key, self._local(limits), cost, max_wait_s)
        if d.admitted:
            self._pending.admitted(key, d.wait_s)
        elif not d.busy:
            self._pending.rejected(key, 0.0)
        return d

    def _local(self, limits: Limits) -> Limits:
        """The limits cut to `local_share`, made once per distinct limits."""
        local = self._local_limits.get(limits)
        if local is None:
            local = self._local_limits[limits] = limits.scaled(limits.local_share)
        return local

    # --- settle ----------------------------------------------------------------------
    def settle(self, r: Reservation, delta_tokens: int, signals: Signals, used: tuple[int, int]) -> None:
        if r.shared and self._settle is not None and self._usable():
            try:
                self._settle(keys=redis_keys(r.key), args=_settle_args(r, delta_tokens, signals, used))
            except REDIS_ERRORS as exc:
                self._went_down(exc)
            else:
                self._came_back()
                return
        self._local_settle(r, delta_tokens, signals, used)

    async def asettle(
        self, r: Reservation, delta_tokens: int, signals: Signals, used: tuple[int, int]
    ) -> None:
        if r.shared and self.url is not None and self._usable():
            try:
                script = self._async_scripts()[1]
                await script(keys=redis_keys(r.key), args=_settle_args(r, delta_tokens, signals, used))
            except REDIS_ERRORS as exc:
                self._went_down(exc)
            else:
                await self._acame_back()
                return
        self._local_settle(r, delta_tokens, signals, used)

    def _local_settle(
        self, r: Reservation, delta_tokens: int, signals: Signals, used: tuple[int, int]
    ) -> None:
        if r.limits is not None and not r.shared:
            local = Reservation(r.key, self._local(r.limits), r.tokens, r.wait_s)
            self.fallback.settle(local, delta_tokens, signals, used)
        elif r.limits is not None and signals:  # its Redis lease simply expires; keep what we learnt
            heed = Reservation(r.key, replace(self._local(r.limits), max_concurrency=None), 0)
            self.fallback.settle(heed, 0, signals, used)
        self._pending.add(r.key, ModelUsage(input_tokens=used[0], output_tokens=used[1]))

    # --- waiting for a free concurrency slot -------------------------------------------
    def wait_release(self, key: str, limits: Limits, timeout_s: float) -> None:
        if self.down:
            self.fallback.wait_release(key, self._local(limits), timeout_s)
        else:  # another process frees the slot: nothing tells us, so look again shortly
            self._sleep(min(timeout_s, 0.02))

    async def await_release(self, key: str, limits: Limits, timeout_s: float) -> None:
        if self.down:
            await self.fallback.await_release(key, self._local(limits), timeout_s)
        else:
            await self._asleep(min(timeout_s, 0.02))

    # --- health ----------------------------------------------------------------------
    @property
    def down(self) -> bool:
        return self.url is None or self.health.down

    def _usable(self) -> bool:
        return self.health.usable()

    def _went_down(self, exc: BaseException) -> None:
        self.health.fail(exc)

    def _came_back(self) -> None:
        if not self.health.recovered():
            return
        pending = self._pending.take()
        if pending and self.client is not None:
            try:
                pipe = self.client.pipeline(transaction=False)
                _add_usage(pipe, pending)
                pipe.execute()
            except REDIS_ERRORS:
                self._requeue(pending)

    async def _acame_back(self) -> None:
        if not self.health.recovered():
            return
        pending = self._pending.take()
        if pending:
            try:
                pipe = self._async_scripts()[2].pipeline(transaction=False)
                _add_usage(pipe, pending)
                await pipe.execute()
            except REDIS_ERRORS:
                self._requeue(pending)

    def _requeue(self, pending: dict[str, ModelUsage]) -> None:
        for key, u in pending.items():
            self._pending.add(key, u)

    def _async_scripts(self) -> tuple[Any, Any, Any]:
        import redis.asyncio as aredis

        loop = asyncio.get_running_loop()
        found = self._async.get(loop)
        if found is None:
            client = aredis.Redis.from_url(self.url or "", **client_options(self.timeout_s))
            found = (client.register_script(ADMIT_LUA), client.register_script(SETTLE_LUA), client)
            self._async[loop] = found
        return found


def _admit_args(limits: Limits, cost: int, max_wait_s: float, lease: str, lease_s: float) -> list[Any]:
    req_t, burst, tok_t, cap, conc = _limit_args(limits)
    return [req_t, burst, tok_t, cap, cost, conc, max_wait_s, lease, lease_s]


@functools.lru_cache(maxsize=1024)
def _limit_args(limits: Limits) -> tuple[bytes, ...]:
    """A budget's script arguments, encoded once (redis-py passes bytes through as they are)."""
    values = (
        limits.request_interval_s,
        limits.burst,
        limits.token_interval_s,
        limits.tpm or 0,
        limits.max_concurrency or 0,
    )
    return tuple(repr(v).encode() for v in values)


def _settle_args(r: Reservation, delta: int, signals: Signals, used: tuple[int, int]) -> list[Any]:
    limits = r.limits
    assert limits is not None
    remaining = -1 if signals.tokens_remaining is None else signals.tokens_remaining
    return [limits.token_interval_s, limits.tpm or 0, delta, r.lease or "", signals.block_s, remaining, *used]


def _decision(reply: Any, lease: str) -> Decision:
    status, wait = int(reply[0]), float(reply[1])
    if status == 1:
        return Decision(True, wait, lease=lease, shared=True)
    return Decision(False, wait, busy=status == -1)


def _add_usage(pipe: Any, pending: dict[str, ModelUsage]) -> None:
    for key, u in pending.items():
        usage_key = redis_keys(key)[2]
        for name, value in hash_increments(u).items():
            if isinstance(value, float):
                pipe.hincrbyfloat(usage_key, name, value)
            else:
                pipe.hincrby(usage_key, name, value)
