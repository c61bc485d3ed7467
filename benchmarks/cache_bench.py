"""Embedding cache speed, per key, for 1536-dimension vectors, against the seed's design.

    .venv/bin/python benchmarks/cache_bench.py [--keys 2000] [--repeat 7]

Budgets (issue 7): memory hit ≤ 2 µs, disk hit ≤ 100 µs, 100 keys from Redis in
one round trip. Baseline, measured in the same run: the seed's disk tier, one
JSON file per key (`writeToDisk` / `readFromDisk`). Each figure is the best of
`--repeat` runs: on a shared machine the minimum is the run least disturbed by others.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modelcfg.runtime.cache import EmbeddingCache, EmbeddingSpace

from tests.redis_server import RedisServer  # isort: skip

DIMS = 1536
BATCH = 100
SPACE = EmbeddingSpace.of("openai", "https://api.openai.com/v1", "text-embedding-3-small", DIMS)


def per_key_us(run: Callable[[], object], keys: int, repeat: int) -> float:
    """Best of `repeat` runs of (time of one run / keys), in microseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) / keys * 1e6)
    return min(times)


def tier_config(memory: bool, disk: bool, redis: bool) -> dict[str, dict[str, object]]:
    return {
        "memory": {"enabled": memory, "ttl_s": 3600.0, "max_entries": 100_000},
        "disk": {"enabled": disk, "path": "emb", "size_limit_mb": 4096, "ttl_s": None},
        "redis": {"enabled": redis, "url_env": "BENCH_REDIS_URL", "ttl_s": 3600.0, "timeout_s": 1.0,
                  "key_prefix": "bench:emb:"},
    }  # fmt: skip


def batches(texts: list[str]) -> list[list[str]]:
    return [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]


def bench_tier(cache: EmbeddingCache, texts: list[str], repeat: int) -> tuple[float, float]:
    """Per-key µs of `lookup` (checked bytes) and `get_or_compute` (vectors handed out), in batches."""
    groups = batches(texts)

    def never(batch: list[str]) -> list[list[float]]:
        raise AssertionError(f"benchmark miss: {batch[:3]}")

    def lookup() -> None:
        for group in groups:
            cache.lookup(SPACE, group)

    def get() -> None:
        for group in groups:
            cache.get_or_compute(SPACE, group, never, batch_size=BATCH)

    lookup()  # warm: promotion, page cache, connections
    return per_key_us(lookup, len(texts), repeat), per_key_us(get, len(texts), repeat)


def seed_json_files(
    root: Path, texts: list[str], vectors: list[list[float]], repeat: int
) -> tuple[float, float]:
    """The seed's disk tier: `writeToDisk` / `readFromDisk`, one JSON file per key."""
    root.mkdir()
    paths = [root / f"{SPACE.key(t)}.json" for t in texts]

    def write() -> None:
        for path, vector in zip(paths, vectors, strict=True):
            path.write_text(json.dumps(vector))

    def read() -> None:
        for path in paths:
            json.loads(path.read_text())

    write()
    return per_key_us(read, len(texts), repeat), per_key_us(write, len(texts), 3)


def library_floor(texts: list[str], repeat: int) -> float:
    """Per-key µs of a bare `cachetools.TTLCache` lookup of 6 KB bytes: the floor under our memory tier."""
    from cachetools import TTLCache

    entries: TTLCache[tuple[str, str], bytes] = TTLCache(maxsize=len(texts), ttl=3600.0)
    for text in texts:
        entries[("space", text)] = bytes(DIMS * 4)
    keys = [("space", t) for t in texts]

    def run() -> None:
        for key in keys:
            entries[key]

    return per_key_us(run, len(texts), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keys", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(1)
    texts = [
        f"document chunk {i}: " + " ".join(rng.choice("abcdefgh") * 5 for _ in range(12))
        for i in range(args.keys)
    ]
    vectors = [[rng.uniform(-0.2, 0.2) for _ in range(DIMS)] for _ in texts]
    by_text = dict(zip(texts, vectors, strict=True))

    def provider(batch: list[str]) -> list[list[float]]:
        return [by_text[t] for t in batch]

    work = Path(tempfile.mkdtemp(prefix="cache-bench-"))
    (work / "redis").mkdir()
    with RedisServer.start(work / "redis") as server:
        env = {"BENCH_REDIS_URL": server.url}
        writer = EmbeddingCache(tier_config(False, True, True), base_dir=work, environ=env)
        start = time.perf_counter()
        for group in batches(texts):
            writer.get_or_compute(SPACE, group, provider, batch_size=BATCH)
        write_us = (time.perf_counter() - start) / len(texts) * 1e6
        writer.close()

        memory = EmbeddingCache(tier_config(True, False, False))
        for group in batches(texts):
            memory.get_or_compute(SPACE, group, provider, batch_size=BATCH)
        disk = EmbeddingCache(tier_config(False, True, False), base_dir=work)
        redis = EmbeddingCache(tier_config(False, False, True), environ=env)

        floor = library_floor(texts, args.repeat)
        mem_lookup, mem_get = bench_tier(memory, texts, args.repeat)
        disk_lookup, disk_get = bench_tier(disk, texts, args.repeat)
        client = server.client()
        client.config_resetstat()
        redis.lookup(SPACE, texts[:BATCH])
        mget_calls = client.info("commandstats").get("cmdstat_mget", {}).get("calls")
        commands = client.info("stats")["total_commands_processed"] - 1  # minus the INFO above
        redis_lookup, redis_get = bench_tier(redis, texts, args.repeat)
        seed_read, seed_write = seed_json_files(work / "seed", texts, vectors, args.repeat)
        for cache in (memory, disk, redis):
            cache.close()

    print(f"embedding cache: {DIMS}-dim float32 vectors, {len(texts)} keys in batches of {BATCH}, "
          f"best of {args.repeat} runs, µs per key")  # fmt: skip
    print(f"  {'':30} {'lookup':>8} {'get_or_compute':>15}  budget")
    for name, lookup, get, budget in (
        ("memory hit", mem_lookup, mem_get, "≤ 2"),
        ("disk hit", disk_lookup, disk_get, "≤ 100"),
        ("redis hit", redis_lookup, redis_get, f"{BATCH} keys in 1 round trip"),
        ("seed: one JSON file per key", seed_read, seed_read, "baseline"),
        ("bare TTLCache[key] (floor)", floor, floor, "reference"),
    ):
        print(f"  {name:30} {lookup:8.2f} {get:15.2f}  {budget}")
    print(f"  redis: one {BATCH}-key lookup = {mget_calls} MGET, {commands} command(s); "
          f"{redis_get * BATCH / 1000:.2f} ms per batch")  # fmt: skip
    print(f"  write-through to disk + redis: {write_us:.1f} µs per key; "
          f"seed JSON file write: {seed_write:.1f} µs")  # fmt: skip
    print(f"  ratios: seed read / our disk hit = {seed_read / disk_get:.1f}x; "
          f"seed read / our memory hit = {seed_read / mem_get:.0f}x; "
          f"seed write / our write-through = {seed_write / write_us:.1f}x; "
          f"memory lookup / bare TTLCache = {mem_lookup / floor:.1f}x")  # fmt: skip
    met = mem_get <= 2.0 and disk_get <= 100.0 and mget_calls == 1
    print(f"  budgets (memory and disk get_or_compute, one MGET per batch): {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
