"""One process of a fleet: send chat requests through the Runtime until a deadline.

    python -m tests.ratelimit.fleet_worker TABLE DURATION_S

Prints `ready` once set up, reads the Unix time to start at from stdin (so every process
starts together), then prints a JSON line: sent, ok, refused (RateLimited), failed
(anything else), the slowest call and this process's usage.
"""

from __future__ import annotations

import json
import sys
import time

import httpx
from modelcfg.runtime.client import Runtime
from modelcfg.runtime.errors import ModelcfgError, RateLimited


def main(table: str, duration_s: float) -> dict[str, object]:
    counts = {"sent": 0, "ok": 0, "refused": 0, "failed": 0, "slowest_s": 0.0}
    client = httpx.Client()  # made before the start: a first-call setup would skew arrival times
    with Runtime.load(table, client=client) as runtime:
        print("ready", flush=True)
        start_at = float(sys.stdin.readline())
        time.sleep(max(start_at - time.time(), 0.0))
        stop = time.monotonic() + duration_s
        while time.monotonic() < stop:
            counts["sent"] += 1
            began = time.monotonic()
            try:
                runtime.generate_text("hello", max_tokens=16)
                counts["ok"] += 1
            except RateLimited:
                counts["refused"] += 1
            except ModelcfgError:
                counts["failed"] += 1
            counts["slowest_s"] = max(counts["slowest_s"], time.monotonic() - began)
        usage = {k: u.as_dict() for k, u in runtime.limiter.usage().items()}  # type: ignore[attr-defined]
    client.close()
    return {**counts, "usage": usage}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], float(sys.argv[2]))))
