"""Runtime speed and robustness against LiteLLM's Router, both on the same loopback emulator.

    .venv/bin/python benchmarks/runtime_bench.py [--requests 300] [--concurrent 500] [--no-litellm]

Measured in one run (medians; the emulator runs in its own process):
- per-request overhead above a bare httpx call (same body, same server): ours vs LiteLLM Router
  (budget: ours ≤ 0.1× LiteLLM's);
- fallback after a refused loopback connection, minus a bare httpx refused-connect + post
  (budget: ≤ 1 ms of our own overhead); LiteLLM Router with the same fallback for reference;
- `--concurrent` async requests through a chain whose first provider fails half the time:
  zero lost, every answer from a chain entry;
- import time of modelcfg.runtime vs httpx and vs litellm (budgets: ≤ 30 ms above httpx,
  ≤ 0.05× LiteLLM's);
- select() per call (budget ≤ 5 µs);
- `load_table` of a 200-provider table against `json.loads` of the same bytes (the baseline):
  the format, hash and shape checks and the frozen views (budget: ≤ 10× json.loads; measured
  6.3× before the shape check existed, 8.3× with it).

`--offline` measures only select, load and imports (no emulator, no LiteLLM).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network fetch at import

import httpx  # noqa: E402
from modelcfg.runtime import Runtime  # noqa: E402

from tests.runtime.tables import body, envelope, model, provider  # noqa: E402

EMULATOR = """
import sys
sys.path.insert(0, {root!r})
from tests.emulator import Emulator, status
emu = Emulator().start()
emu.fail_rate("flaky", 0.5, status(503))
print(emu.url, flush=True)
sys.stdin.read()
"""
MESSAGES = [{"role": "user", "content": "ping"}]
KEY = {"BENCH_KEY": "sk-bench"}


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", EMULATOR.format(root=str(ROOT))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def refused_base() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/openai/v1"


def table(
    base: str, first: str, *, attempts: int = 1, backoff_s: float = 0.0, timeout_s: float = 5.0
) -> dict[str, Any]:
    """openai/medium = model `first` (maybe at a refused address) → backup/medium (model `backup`)."""
    first_base = f"{base}/openai/v1" if not first.startswith("refused") else refused_base()
    first_model = {"medium": model(first.removeprefix("refused-"))}
    providers = {
        "openai": provider("openai", first_base, first_model, api_key_env="BENCH_KEY"),
        "backup": provider(
            "openai", f"{base}/openai/v1", {"medium": model("backup")}, api_key_env="BENCH_KEY"
        ),
    }
    retry = {"attempts": attempts, "backoff_initial_s": backoff_s, "jitter_s": backoff_s / 2}
    return envelope(body(providers, {"openai/medium": ["openai/medium", "backup/medium"]}, retry=retry))


def per_call_ms(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def interleaved(contenders: dict[str, Callable[[], object]], n: int) -> dict[str, float]:
    """Median ms per call of each contender, taking turns call by call so load drift hits all alike."""
    samples: dict[str, list[float]] = {k: [] for k in contenders}
    for fn in contenders.values():
        per_call_ms(fn, 10)  # warm up connections
    for _ in range(n):
        for name, fn in contenders.items():
            samples[name] += per_call_ms(fn, 1)
    return {k: statistics.median(v) for k, v in samples.items()}


def in_process_overhead_us(n: int, rounds: int = 10) -> dict[str, float]:
    """Our code's own cost per request, without network noise: the same calls over
    httpx.MockTransport (httpx's in-memory transport; a refused host raises ConnectError there),
    minus bare httpx calls of the same bodies over the same transport. Min of alternating rounds."""
    from tests.emulator import bodies

    replies = {m: json.dumps(bodies.openai_chat(m, "ping", 1)).encode() for m in ("m1", "backup")}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "refused.invalid":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return httpx.Response(200, content=replies[json.loads(request.content)["model"]])

    client = httpx.Client(transport=httpx.MockTransport(answer))
    direct = Runtime.from_table(table("http://emulator.invalid", "m1"), client=client, environ=KEY)
    fallback_table = table("http://emulator.invalid", "m1")
    fallback_table["body"]["providers"]["openai"]["endpoint"] = "http://refused.invalid/openai/v1"
    fallback = Runtime.from_table(envelope(fallback_table["body"]), client=client, environ=KEY)
    post_m1 = bare_post(client, "http://emulator.invalid/openai/v1/chat/completions", "m1")
    post_backup = bare_post(client, "http://emulator.invalid/openai/v1/chat/completions", "backup")

    def bare_refused() -> object:
        with contextlib.suppress(httpx.ConnectError):
            client.post("http://refused.invalid/openai/v1/chat/completions", content=b"{}")
        return post_backup()

    contenders: dict[str, Callable[[], object]] = {
        "bare": post_m1,
        "ours": lambda: direct.generate_text("ping"),
        "bare refused+post": bare_refused,
        "ours fallback": lambda: fallback.generate_text("ping"),
    }
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(rounds):
        for name, fn in contenders.items():
            best[name] = min(best[name], timeit.timeit(fn, number=n) / n * 1e6)
    return {
        "bare_us": round(best["bare"], 1),
        "request_overhead_us": round(best["ours"] - best["bare"], 1),
        "refused_fallback_overhead_us": round(best["ours fallback"] - best["bare refused+post"], 1),
    }


def bare_body(model_id: str) -> bytes:
    return json.dumps({"model": model_id, "messages": MESSAGES}).encode()


def bare_post(client: httpx.Client, url: str, model_id: str) -> Callable[[], object]:
    payload = bare_body(model_id)
    headers = {"content-type": "application/json", "authorization": "Bearer sk-bench"}

    def call() -> object:
        return json.loads(client.post(url, content=payload, headers=headers).content)

    return call


def litellm_router(base: str, first_base: str) -> Any:
    from litellm import Router

    primary = {"model": "openai/m1", "api_base": first_base, "api_key": "sk"}
    backup = {"model": "openai/backup", "api_base": f"{base}/openai/v1", "api_key": "sk"}
    return Router(
        model_list=[
            {"model_name": "primary", "litellm_params": primary},
            {"model_name": "backup", "litellm_params": backup},
        ],
        fallbacks=[{"primary": ["backup"]}],
        num_retries=0,
    )


def versus_bare(bare: Callable[[], object], peers: dict[str, Callable[[], object]], n: int) -> dict[str, Any]:
    """Each peer against the bare call in its own interleaved pass, so one peer's background
    work (LiteLLM's logging threads) cannot slow the bare calls another peer is compared with."""
    median_ms, overhead_ms = {}, {}
    for name, fn in peers.items():
        med = interleaved({"bare": bare, name: fn}, n)
        median_ms[f"bare (vs {name})"], median_ms[name] = med["bare"], med[name]
        overhead_ms[name] = med[name] - med["bare"]
    out: dict[str, Any] = {"median_ms": median_ms, "overhead_ms": overhead_ms}
    if "litellm" in overhead_ms:
        out["ratio_vs_litellm"] = overhead_ms["modelcfg"] / overhead_ms["litellm"]
    return out


def bench_overhead(base: str, n: int, with_litellm: bool) -> dict[str, Any]:
    client = httpx.Client()
    rt = Runtime.from_table(table(base, "m1"), client=client, environ=KEY)
    peers: dict[str, Callable[[], object]] = {"modelcfg": lambda: rt.generate_text("ping")}
    if with_litellm:
        router = litellm_router(base, f"{base}/openai/v1")
        peers["litellm"] = lambda: router.completion(model="primary", messages=MESSAGES)
    return versus_bare(bare_post(client, f"{base}/openai/v1/chat/completions", "m1"), peers, n)


def bench_refused(base: str, n: int, with_litellm: bool) -> dict[str, Any]:
    """Fallback after a refused connection, against a bare refused connect followed by a post."""
    client = httpx.Client()
    rt = Runtime.from_table(table(base, "refused-m1"), client=client, environ=KEY)
    refused_url = rt.table.providers["openai"].endpoint + "/chat/completions"
    post = bare_post(client, f"{base}/openai/v1/chat/completions", "backup")

    def bare() -> object:
        with contextlib.suppress(httpx.ConnectError):
            client.post(refused_url, content=b"{}")
        return post()

    def ours() -> object:
        result = rt.generate_text("ping")
        assert result.model == "backup" and result.attempts[0].status is None
        return result

    peers: dict[str, Callable[[], object]] = {"modelcfg": ours}
    if with_litellm:
        router = litellm_router(base, refused_url.removesuffix("/chat/completions"))
        peers["litellm"] = lambda: router.completion(model="primary", messages=MESSAGES)
    return versus_bare(bare, peers, n)


def bench_concurrent(base: str, n: int) -> dict[str, Any]:
    """n async requests at once; the first entry fails half the time (503), retried once, then backup.

    The loopback emulator (one Python process, a thread per connection) is the bottleneck on a
    shared 2-core machine, so the pool is capped at 64 warmed connections and timeout_s is 60.
    """

    async def run_all() -> dict[str, Any]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=64)) as client:
            warm = bare_body("backup")
            await asyncio.gather(
                *(client.post(f"{base}/openai/v1/chat/completions", content=warm) for _ in range(64))
            )
            flaky = table(base, "flaky", attempts=2, backoff_s=0.01, timeout_s=60.0)
            rt = Runtime.from_table(flaky, async_client=client, environ=KEY)
            t = time.perf_counter()
            calls = (rt.agenerate_text(f"q{i}") for i in range(n))
            results = await asyncio.gather(*calls, return_exceptions=True)
            wall = time.perf_counter() - t
        answers = [(i, r) for i, r in enumerate(results) if not isinstance(r, BaseException)]
        wrong = [r for i, r in answers if r.model not in ("flaky", "backup") or r.text != f"echo: q{i}"]
        return {
            "requests": n,
            "answered": len(answers),
            "lost": n - len(answers),
            "wrong_or_mismatched": len(wrong),
            "served_by": {m: sum(r.model == m for _, r in answers) for m in ("flaky", "backup")},
            "retried_or_failed_over": sum(len(r.attempts) > 1 for _, r in answers),
            "wall_s": round(wall, 3),
            "requests_per_s": round(n / wall, 1),
            "errors": sorted({type(r).__name__ for r in results if isinstance(r, BaseException)}),
        }

    return asyncio.run(run_all())


def import_ms(module: str, runs: int) -> float:
    """Fastest of `runs` imports of `module` in a fresh interpreter (bytecode cached; the minimum
    is the least disturbed by other processes on a shared machine)."""
    code = f"import time; t=time.perf_counter(); import {module}; print((time.perf_counter()-t)*1000)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    times = []
    for _ in range(runs + 1):  # the first run writes the bytecode cache; it is not counted
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
        )
        times.append(float(done.stdout))
    return min(times[1:])


def bench_select() -> dict[str, float]:
    rt = Runtime.from_table(table("http://127.0.0.1:9", "m1"))
    n = 200_000
    warm = min(timeit.repeat(lambda: rt.select(profile="precise"), number=n, repeat=5)) / n * 1e6
    choose = rt.selector._choose  # the work a first, not yet memoised question does
    args = (None, None, None, None, (), "precise", None, None)
    cold = min(timeit.repeat(lambda: choose(*args), number=20_000, repeat=3)) / 20_000 * 1e6
    return {"select_us": round(warm, 3), "uncached_select_us": round(cold, 3)}


def bench_load(providers: int = 200, rounds: int = 15) -> dict[str, float]:
    """Median ms of load_table vs json.loads of one table file of `providers` × 5 models."""
    import tempfile

    from modelcfg.runtime import load_table

    classes = ("small", "medium", "large", "embedding", "image")
    big = {
        f"p{i}": provider("openai", f"http://127.0.0.1:9/p{i}", {c: model(f"m{i}-{c}") for c in classes})
        for i in range(providers)
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "modelcfg.lock.json"
        path.write_text(json.dumps(envelope(body(big)), indent=2), encoding="utf-8")
        raw = path.read_bytes()
        loads, tables = [], []
        for _ in range(rounds):  # alternate so both see the same machine load
            loads += per_call_ms(lambda: json.loads(raw), 1)
            tables += per_call_ms(lambda: load_table(path), 1)
    base, ours = statistics.median(loads), statistics.median(tables)
    return {"bytes": len(raw), "json_loads_ms": base, "load_table_ms": ours, "ratio": ours / base}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="sequential requests per contender")
    parser.add_argument("--concurrent", type=int, default=500)
    parser.add_argument("--import-runs", type=int, default=5)
    parser.add_argument("--no-litellm", action="store_true")
    parser.add_argument("--offline", action="store_true", help="only select, table load and imports")
    args = parser.parse_args()
    with_litellm = not args.no_litellm and not args.offline
    report: dict[str, Any] = {"select": bench_select(), "load": bench_load()}
    if not args.offline:
        proc, base = start_emulator()
        try:
            report["in_process"] = in_process_overhead_us(200)
            report["concurrent"] = bench_concurrent(base, args.concurrent)
            report["overhead"] = bench_overhead(base, args.requests, with_litellm)
            report["refused_fallback"] = bench_refused(base, args.requests // 3, with_litellm)
        finally:
            proc.kill()
    imports = {m: import_ms(m, args.import_runs) for m in ("httpx", "modelcfg.runtime")}
    imports["runtime_above_httpx_ms"] = imports["modelcfg.runtime"] - imports["httpx"]
    if with_litellm:
        imports["litellm"] = import_ms("litellm", max(1, args.import_runs // 2))
        imports["ratio_vs_litellm"] = imports["modelcfg.runtime"] / imports["litellm"]
    report["import_ms"] = imports
    print(json.dumps(report, indent=2, default=lambda x: round(x, 4)))


if __name__ == "__main__":
    main()
