"""Two real processes embedding overlapping text lists at once share one consistent cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from modelcfg.runtime.cache import EmbeddingCache, EmbeddingSpace

from tests.emulator import Emulator
from tests.emulator.bodies import vector
from tests.redis_server import RedisServer

from .conftest import config
from .tables import embedding_table, sent_texts

ROOT = Path(__file__).resolve().parents[2]
FIRST = [f"doc {i}" for i in range(0, 60)]
SECOND = [f"doc {i}" for i in range(30, 90)] + [f"doc {i}" for i in range(0, 10)]


def run_pair(tmp_path: Path, table: dict, env: dict[str, str]) -> list[dict[str, list[float]]]:
    table_path = tmp_path / "table.json"
    table_path.write_text(json.dumps(table))
    start = tmp_path / "start"
    procs, outs = [], []
    for i, texts in enumerate((FIRST, SECOND)):
        (tmp_path / f"texts{i}.json").write_text(json.dumps(texts))
        outs.append(tmp_path / f"out{i}.json")
        texts_path = tmp_path / f"texts{i}.json"
        args = [
            sys.executable,
            "-m",
            "tests.cache.embed_worker",
            str(table_path),
            str(texts_path),
            str(start),
            str(outs[-1]),
        ]
        procs.append(subprocess.Popen(args, cwd=tmp_path, env={**os.environ, **env, "PYTHONPATH": str(ROOT)}))
    start.touch()
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    return [json.loads(out.read_text()) for out in outs]


def check_consistent(results, cache: EmbeddingCache, emu: Emulator) -> None:
    space = EmbeddingSpace.of("openai", emu.base("openai"), "emb-a", 16)
    union = sorted(set(FIRST) | set(SECOND))
    for result, texts in zip(results, (FIRST, SECOND), strict=True):
        assert sorted(result) == sorted(set(texts))
        for text, vec in result.items():
            assert vec == pytest.approx(vector(text, 16), abs=1e-6)
    overlap = set(FIRST) & set(SECOND)
    assert all(results[0][t] == results[1][t] for t in overlap)  # bit-identical float32 in both processes
    stored = cache.lookup(space, union)
    assert sorted(stored) == union  # every text either process embedded is in the shared tier
    sent = [t for batch in sent_texts(emu, "emb-a") for t in batch]
    assert set(sent) == set(union)
    assert len(sent) <= len(FIRST) + len(SECOND)


def test_two_processes_share_the_disk_tier(emulator: Emulator, tmp_path: Path) -> None:
    cfg = config(disk={"path": "shared-cache"})
    results = run_pair(tmp_path, embedding_table(emulator, cfg), {})
    check_consistent(
        results,
        EmbeddingCache(config(memory=False, disk={"path": "shared-cache"}), base_dir=tmp_path),
        emulator,
    )
    emulator.clear()
    again = run_pair(tmp_path, embedding_table(emulator, cfg), {})
    assert again == results
    assert sent_texts(emulator) == []


def test_two_processes_share_the_redis_tier(
    emulator: Emulator, redis_server: RedisServer, tmp_path: Path
) -> None:
    env = {"TEST_REDIS_URL": redis_server.url}
    cfg = config(memory=True, disk=False, redis=True)
    results = run_pair(tmp_path, embedding_table(emulator, cfg), env)
    check_consistent(
        results, EmbeddingCache(config(memory=False, disk=False, redis=True), environ=env), emulator
    )
    assert not (tmp_path / "emb-cache").exists()
