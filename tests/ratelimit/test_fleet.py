"""Four real processes against the loopback emulator, sharing (or not) rpm 600 through redis-server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from modelcfg.runtime.ratelimit import read_fleet_usage

from tests.emulator import Emulator
from tests.redis_server import RedisServer
from tests.runtime.tables import body, envelope, model, provider

from .entries import max_in_window

WORKERS = 4
RUN_S = 2.0
RATE = 10  # rpm 600
BURST = 1  # 100 ms worth of 10/s
ROOT = Path(__file__).resolve().parents[2]


def table(emulator: Emulator, worker: int, scope: str, model_id: str) -> dict[str, Any]:
    limits = {"rpm": RATE * 60, "scope": scope, "redis_url_env": "FLEET_REDIS_URL", "max_wait_s": 5.0}
    p = provider(
        "openai",
        emulator.base("openai"),
        {"medium": model(model_id, rate_limits=limits)},
        headers={"x-worker": str(worker)},
    )
    return envelope(body({"openai": p}, default_provider="openai"))


def run_fleet(
    tmp_path: Path, emulator: Emulator, redis_url: str, scope: str, model_id: str
) -> list[dict[str, Any]]:
    env = {**os.environ, "FLEET_REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    procs = []
    for n in range(WORKERS):
        path = tmp_path / f"table-{n}.json"
        path.write_text(json.dumps(table(emulator, n, scope, model_id)))
        args = [sys.executable, "-m", "tests.ratelimit.fleet_worker", str(path), str(RUN_S)]
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
        procs.append(subprocess.Popen(args, env=env, cwd=ROOT, text=True, **pipes))  # type: ignore[call-overload]
    for p in procs:  # every interpreter has imported and built its runtime
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    start_at = time.time() + 0.1
    for p in procs:
        assert p.stdin is not None
        p.stdin.write(f"{start_at}\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=30)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def arrivals(emulator: Emulator, model_id: str, worker: int | None = None) -> list[float]:
    return [
        r.at
        for r in emulator.requests
        if r.model == model_id and (worker is None or r.headers.get("x-worker") == str(worker))
    ]


def test_redis_scope_holds_the_whole_fleet_to_one_limit(
    tmp_path: Path, emulator: Emulator, redis_server: RedisServer
) -> None:
    results = run_fleet(tmp_path, emulator, redis_server.url, "redis", "fleet-shared")
    times = arrivals(emulator, "fleet-shared")
    assert sum(r["ok"] for r in results) == len(times)  # every request sent was answered
    assert sum(r["failed"] for r in results) == 0
    assert all(r["slowest_s"] < 5.5 for r in results)  # nobody waits past max_wait_s
    assert max_in_window(times, 1.0) <= RATE + BURST  # across all four processes together
    assert len(times) >= RATE * RUN_S * 0.8  # and the budget is used, not starved
    assert all(len(arrivals(emulator, "fleet-shared", n)) > 0 for n in range(WORKERS))
    fleet = read_fleet_usage(redis_server.client())["openai/fleet-shared"]
    assert fleet.requests == len(times)  # the fleet-wide counters `modelcfg usage` reads
    assert fleet.throttled > 0 and fleet.wait_s > 0


def test_process_scope_holds_each_process_to_its_own_limit(
    tmp_path: Path, emulator: Emulator, redis_server: RedisServer
) -> None:
    results = run_fleet(tmp_path, emulator, redis_server.url, "process", "fleet-alone")
    assert sum(r["failed"] for r in results) == 0
    for n in range(WORKERS):
        mine = arrivals(emulator, "fleet-alone", n)
        assert max_in_window(mine, 1.0) <= RATE + BURST
        assert len(mine) >= RATE * RUN_S * 0.8
    assert max_in_window(arrivals(emulator, "fleet-alone"), 1.0) > 2 * RATE  # the fleet as a whole is not
