"""Redis killed in the middle of a run of real requests: none lost or stuck, local limits, recovery."""

from __future__ import annotations

import threading
import time
from typing import Any

from modelcfg.runtime.client import Runtime
from modelcfg.runtime.errors import ModelcfgError
from modelcfg.runtime.ratelimit import RateLimiter, read_fleet_usage

from tests.emulator import Emulator
from tests.redis_server import RedisServer
from tests.runtime.tables import body, envelope, model, provider

from .entries import max_in_window

PHASE_S = 1.0


def table(emu: Emulator) -> dict[str, Any]:
    limits = {
        "rpm": 1200,
        "scope": "redis",
        "redis_url_env": "OUTAGE_REDIS",
        "max_wait_s": 5,
        "local_share": 0.5,
    }
    p = provider("openai", emu.base("openai"), {"medium": model("outage-x", rate_limits=limits)})
    return envelope(body({"openai": p}))


def test_killed_redis_loses_nothing_and_limits_locally(emulator: Emulator, redis_server: RedisServer) -> None:
    limiter = RateLimiter(environ={"OUTAGE_REDIS": redis_server.url}, redis_reconnect_s=0.2)
    outcomes: list[tuple[str, float]] = []
    lock = threading.Lock()
    stop = threading.Event()

    with Runtime.from_table(table(emulator), limiter=limiter) as rt:

        def client() -> None:
            while not stop.is_set():
                began = time.monotonic()
                try:
                    rt.generate_text("hi", max_tokens=8)
                    result = "ok"
                except ModelcfgError as exc:
                    result = type(exc).__name__
                with lock:
                    outcomes.append((result, time.monotonic() - began))

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(PHASE_S)
        redis_server.kill()
        down_at = time.monotonic()
        time.sleep(PHASE_S)
        redis_server.restart()
        up_at = time.monotonic()
        time.sleep(PHASE_S + 0.3)
        stop.set()
        for t in threads:
            t.join(10)
        assert not any(t.is_alive() for t in threads)  # nobody stuck

    assert outcomes and {r for r, _ in outcomes} == {"ok"}  # nothing failed, nothing refused
    assert max(s for _, s in outcomes) < 2.0
    arrivals = [r.at for r in emulator.requests if r.model == "outage-x"]
    assert len(arrivals) == len(outcomes)  # every request that returned was really sent once
    # from 0.3 s after the kill: requests Redis had already scheduled (≤ 4 × 50 ms ahead) are out
    during = [t for t in arrivals if down_at + 0.3 < t < up_at]
    assert during  # requests went on while Redis was dead ...
    assert max_in_window(during, 0.5) <= 5 + 1  # ... held to the local share: 10/s, not 20/s
    after = [t for t in arrivals if t > up_at + 0.3]
    assert len(after) > 10 * PHASE_S + 1  # faster than the local share: shared 20/s again once Redis is back
    fleet = read_fleet_usage(redis_server.client())["openai/outage-x"]
    assert len(during) + len(after) <= fleet.requests <= len(arrivals)  # counted while away, flushed
