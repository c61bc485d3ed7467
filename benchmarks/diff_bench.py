"""Benchmark `modelcfg diff` on two synthetic 5,000-provider tables differing in 1% of leaves.

Budget: end to end (read both tables, diff, risk notes, render text) ≤ 300 ms.
Baselines measured in the same run: plain DeepDiff and the plain recursive walk
alone, on the same pair of bodies. Also times the whole CLI process.

    .venv/bin/python benchmarks/diff_bench.py [--providers 5000] [--share 0.01] [--runs 5]

DeepDiff comes with the bench extra (`pip install -e '.[bench]'`); `--skip-deepdiff` runs without it.
"""

import argparse
import copy
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from modelcfg.compiler.diff import catalog_lookup, compare, diff_sides, render_json, render_text
from modelcfg.compiler.diff.inputs import read_table
from modelcfg.compiler.table_check import table_violations

BUDGET_MS = 300.0
#: The rest of a compiled table, as `modelcfg compile` writes it (the table schema requires it).
RETRY = {
    "attempts": 3,
    "backoff_initial_s": 0.5,
    "backoff_max_s": 8.0,
    "backoff_multiplier": 2.0,
    "jitter_s": 0.25,
    "total_timeout_s": 120.0,
    "retry_on_status": [408, 409, 429, 500, 502, 503, 504],
    "honor_retry_after": True,
    "retry_on_server_errors": True,
}
BREAKER = {
    "failure_threshold": 5,
    "cooldown_s": 30.0,
    "scope": "process",
    "redis_url_env": "MODELCFG_REDIS_URL",
}
CACHE = {
    "embeddings": {
        "memory": {"enabled": True, "ttl_s": 300.0, "max_entries": 10000},
        "disk": {"enabled": False, "path": None, "size_limit_mb": 512, "ttl_s": None},
        "redis": {
            "enabled": False,
            "url_env": "MODELCFG_REDIS_URL",
            "ttl_s": 604800.0,
            "timeout_s": 0.05,
            "key_prefix": "modelcfg:emb:",
        },
    }
}


def classes(i: int) -> tuple[str, ...]:
    """Most providers serve a small and a large model; every tenth also embeddings."""
    return ("small", "large", "embedding") if i % 10 == 0 else ("small", "large")


def model(i: int, cls: str) -> dict[str, Any]:
    embedding = cls == "embedding"
    settings: dict[str, Any] = {"temperature": 0.7}
    if i % 4 == 0:
        settings["stop"] = ["<|eot_id|>", "###"]
    return {
        "id": f"model-{cls}-{i % 97}",
        "settings": {} if embedding else settings,
        "max_input_tokens": 8191 if embedding else 128000,
        "max_output_tokens": None if embedding else 16384,
        "dimensions": 1536 if embedding else None,
        "capabilities": [] if embedding else ["function_calling"],
        "embedding": {"cache": True, "batch_size": 96} if embedding else None,
        "image": None,
        "rate_limits": None,
    }


def body(n: int) -> dict[str, Any]:
    providers = {
        f"p{i:05d}": {
            "api": "openai",
            "endpoint": f"https://api{i % 13}.example.com/v1",
            "api_key_env": f"P{i:05d}_API_KEY",
            "token_command": None,
            "headers": {"X-Title": "bench"},
            "vertex": None,
            "timeout_s": 60.0,
            "enabled": True,
            "models": {cls: model(i, cls) for cls in classes(i)},
        }
        for i in range(n)
    }
    chains = {  # every pair has a chain; one in ten fails over to two others
        f"p{i:05d}/{cls}": [
            {"provider": f"p{(i + k) % n:05d}", "class": cls} for k in range(3 if i % 10 == 3 else 1)
        ]
        for i in range(n)
        for cls in classes(i)
    }
    return {
        "providers": providers,
        "profiles": {"precise": {"temperature": 0.2}, "creative": {"temperature": 1.1}},
        "selection": {
            "default_provider": "p00000",
            "default_class": "medium",
            "default_profile": None,
            "rules": [{"when": {"speed": "fast"}, "class": "small", "provider": None, "profile": None}],
            "tasks": {},
        },
        "failover": {"chains": chains, "retry": RETRY, "breaker": BREAKER},
        "cache": CACHE,
    }


def leaves(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every scalar (a list counts as one leaf: stop, chains)."""
    if isinstance(tree, dict):
        return [p for k, v in tree.items() for p in leaves(v, (*path, k))]
    return [path]


def mutate(tree: dict[str, Any], share: float, rng: random.Random) -> tuple[dict[str, Any], int]:
    changed = copy.deepcopy(tree)
    paths = leaves(tree)
    # an edit keeps the table valid (diff refuses one the table schema does not accept):
    # nulls and empty mappings stand for absent sections, so they are left as they are
    editable = [p for p in paths if _at(tree, p) is not None and _at(tree, p) != {}]
    picked = rng.sample(editable, int(len(paths) * share))
    for path in picked:
        parent = _at(changed, path[:-1])
        parent[path[-1]] = _other(parent[path[-1]], path[-1])
    return changed, len(paths)


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        tree = tree[key]
    return tree


#: Keys whose values are a closed set: an edit picks another member.
CHOICES = {"api": ["openai", "anthropic", "gemini"], "default_class": ["small", "medium", "large"]}


def _other(value: Any, key: Any = None) -> Any:
    if key in CHOICES:
        return next(c for c in CHOICES[key] if c != value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "-x"
    if isinstance(value, list):
        return value[:-1] if len(value) > 1 else value * 2 if value else ["added"]
    return 1 if value is None else None


def envelope(b: dict[str, Any]) -> dict[str, Any]:
    canonical = json.dumps(b, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    digest = "sha256:" + hashlib.sha256(canonical).hexdigest()  # diff verifies it, as it would a real table
    return {"format": 1, "content_hash": digest, "environment": None, "sources": [], "body": b}


def timed_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, fastest) wall time in ms over ``runs``; on a shared machine the fastest run is
    the best estimate of the work itself."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--providers", type=int, default=5000)
    parser.add_argument("--share", type=float, default=0.01)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-deepdiff", action="store_true")
    args = parser.parse_args()

    rng = random.Random(5)
    old = body(args.providers)
    new, n_leaves = mutate(old, args.share, rng)
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "old.lock.json"), Path(tmp, "new.lock.json")
        a.write_text(json.dumps(envelope(old), sort_keys=True, indent=2))
        b.write_text(json.dumps(envelope(new), sort_keys=True, indent=2))
        size_mb = b.stat().st_size / 1e6
        lookup = catalog_lookup()

        def end_to_end(render: Callable[[Any], str]) -> Callable[[], str]:
            def run() -> str:
                old_side, new_side = read_table(a), read_table(b)
                assert old_side is not None and new_side is not None
                return render(diff_sides(old_side, new_side, lookup=lookup))

            return run

        text = end_to_end(render_text)()
        old_envelope, new_envelope = envelope(old), envelope(new)
        changes = len(compare(old, new))
        figures = {
            "read both tables (json.loads, content_hash, schema)": timed_ms(
                lambda: (read_table(a), read_table(b)), args.runs
            ),
            "of which: schema check of both (table_check)": timed_ms(
                lambda: (table_violations(old_envelope), table_violations(new_envelope)), args.runs
            ),
            "plain recursive walk (compare only)": timed_ms(lambda: compare(old, new), args.runs),
            "end to end, text (read + diff + risks + render)": timed_ms(end_to_end(render_text), args.runs),
            "end to end, json": timed_ms(end_to_end(render_json), args.runs),
            "whole CLI process (python -m modelcfg diff)": timed_ms(
                lambda: subprocess.run(
                    [sys.executable, "-m", "modelcfg", "diff", str(a), str(b), "--no-color"],
                    capture_output=True,
                    check=False,
                ),
                max(3, args.runs // 2),
            ),
        }
        if not args.skip_deepdiff:
            try:
                from deepdiff import DeepDiff
            except ImportError:
                raise SystemExit(
                    "deepdiff is not installed: pip install -e '.[bench]', or --skip-deepdiff"
                ) from None

            figures["plain DeepDiff(old, new)"] = timed_ms(lambda: DeepDiff(old, new), max(1, args.runs // 2))

    print(
        f"tables: {args.providers} providers, {n_leaves} leaves, {size_mb:.1f} MB each; "
        f"{int(n_leaves * args.share)} leaves mutated -> {changes} changes, {len(text.splitlines())} lines"
    )
    print(f"  {'':<50} {'median':>9}    {'fastest':>9}")
    for name, (median, fastest) in figures.items():
        print(f"  {name:<50} {median:9.1f} ms {fastest:9.1f} ms")
    walk = figures["plain recursive walk (compare only)"][0]
    e2e, best = figures["end to end, text (read + diff + risks + render)"]
    floor = figures["read both tables (json.loads, content_hash, schema)"][0]
    print(f"  end to end / reading alone: {e2e / floor:.2f}x")
    if "plain DeepDiff(old, new)" in figures:
        deep = figures["plain DeepDiff(old, new)"][0]
        print(f"  DeepDiff / walk: {deep / walk:.0f}x;  DeepDiff / end to end: {deep / e2e:.1f}x")
    verdict = "within" if e2e <= BUDGET_MS else "OVER"
    load = os.getloadavg()[0]
    print(
        f"  budget: end to end median {e2e:.0f} ms (fastest {best:.0f} ms), {verdict} {BUDGET_MS:.0f} ms"
        f" (load average {load:.1f} on {os.cpu_count()} cores)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
