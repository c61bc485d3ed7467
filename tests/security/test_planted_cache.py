"""A checked-out repository that ships a crafted embedding cache: nothing in it runs or is trusted.

Each test plants a real diskcache database (written by diskcache itself, in its pickle
mode) whose unpickling would create a canary file, then runs what a user would run
inside that checkout: `modelcfg cache stats`, `cache clear`, `Runtime.embed()`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import diskcache
import pytest
from modelcfg.runtime import Runtime
from modelcfg.runtime.cache import EmbeddingCache, EmbeddingSpace

from tests.cache.tables import embedding_table, sent_texts
from tests.emulator import Emulator
from tests.tables import CACHE_OFF

CACHE_DIR = ".cache/modelcfg/embeddings"


class Payload:
    """Unpickling this creates `canary` (what a real attacker would swap for a shell command)."""

    def __init__(self, canary: Path) -> None:
        self.canary = canary

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.canary), "w"))


class Base:
    def base(self, api: str) -> str:
        return "http://127.0.0.1:9/v1"


def disk_config(path: str | None = CACHE_DIR) -> dict[str, dict[str, object]]:
    """Tiers as a compiled table has them: memory and disk on (`path: null` is the per-user default)."""
    return {
        "memory": {"enabled": True, "ttl_s": 300.0, "max_entries": 100},
        "disk": {"enabled": True, "path": path, "size_limit_mb": 64, "ttl_s": None},
        "redis": {**CACHE_OFF["embeddings"]["redis"]},
    }


def checkout(tmp_path: Path, base: object = None, path: str | None = CACHE_DIR) -> Path:
    """A repository with a compiled table whose disk tier is `path` (relative: inside the checkout)."""
    repo = tmp_path / "repo"
    (repo / "build").mkdir(parents=True)
    table = embedding_table(base or Base(), disk_config(path))  # type: ignore[arg-type]
    (repo / "build" / "table.json").write_text(json.dumps(table))
    return repo


def plant(directory: Path, key: object, canary: Path, **settings: object) -> None:
    """Write `key` → a pickled Payload with diskcache's own (pickling) Disk, as an attacker would."""
    with diskcache.Cache(str(directory), **settings) as cache:
        cache.set(key, Payload(canary))
    assert not canary.exists()


def modelcfg(repo: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "modelcfg", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("in_file", [False, True], ids=["inline-row", "value-file"])
@pytest.mark.parametrize("command", ["stats", "clear"])
def test_cache_commands_never_unpickle_a_planted_value(tmp_path: Path, command: str, in_file: bool) -> None:
    repo, canary = checkout(tmp_path), tmp_path / "canary"
    settings = {"disk_min_file_size": 0} if in_file else {}
    plant(repo / CACHE_DIR, "some-vector-key", canary, **settings)
    plant(repo / CACHE_DIR / "stats", "memory.hits", canary, **settings)
    result = modelcfg(repo, "cache", command, "--table", "build/table.json", home=tmp_path / "home")
    assert not canary.exists()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_stats_never_unpickle_a_planted_key(tmp_path: Path) -> None:
    repo, canary = checkout(tmp_path), tmp_path / "canary"
    plant(repo / CACHE_DIR / "stats", Payload(canary), canary)  # a non-str key is stored pickled
    with diskcache.Cache(str(repo / CACHE_DIR / "stats")) as stats:
        stats.set("disk.hits", 7)
    result = modelcfg(
        repo, "cache", "stats", "--table", "build/table.json", "--format", "json", home=tmp_path
    )
    assert not canary.exists()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tiers"]["disk"]["hits"] == 7  # the plain counter still counts


def test_embed_treats_a_planted_row_as_a_miss(
    tmp_path: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, canary = checkout(tmp_path, emulator), tmp_path / "canary"
    space = EmbeddingSpace.of("openai", emulator.base("openai"), "emb-a", 16)
    plant(repo / CACHE_DIR, space.key("hello"), canary)
    monkeypatch.chdir(repo)
    with Runtime.load("build/table.json", environ={}, sleep=lambda s: None) as rt:
        first = rt.embed(["hello"])
        again = rt.embed(["hello"])
    assert not canary.exists()
    assert sent_texts(emulator) == [["hello"]]  # a miss, embedded once, then a hit
    assert list(first.vectors[0]) == list(again.vectors[0])
    with sqlite3.connect(repo / CACHE_DIR / "cache.db") as db:  # the planted row was overwritten
        [(mode,)] = db.execute("SELECT mode FROM Cache WHERE key = ?", (space.key("hello"),))
    assert mode == 1  # diskcache's MODE_RAW: plain bytes


def test_a_row_naming_an_outside_file_is_neither_read_nor_deleted(
    tmp_path: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """diskcache reads (and on a bad entry, deletes) the value file a row names, wherever it is."""
    repo = checkout(tmp_path, emulator)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"x" * 64)  # the size of a 16-dim vector
    space = EmbeddingSpace.of("openai", emulator.base("openai"), "emb-a", 16)
    with diskcache.Cache(str(repo / CACHE_DIR)) as cache:
        cache.set(space.key("hello"), b"placeholder")
    with sqlite3.connect(repo / CACHE_DIR / "cache.db") as db:
        db.execute("UPDATE Cache SET mode = 2, filename = ?, value = NULL", (str(victim),))
    monkeypatch.chdir(repo)
    with Runtime.load("build/table.json", environ={}, sleep=lambda s: None) as rt:
        [vector] = rt.embed(["hello"]).vectors
    assert list(vector) != [0.0] * 16
    assert sent_texts(emulator) == [["hello"]]
    assert victim.read_bytes() == b"x" * 64


@pytest.mark.parametrize(
    "planted",
    [
        "INSERT INTO Settings VALUES ('_disk', 'planted')",
        "UPDATE Settings SET value = 'many' WHERE key = 'count'",
    ],
    ids=["unknown-setting", "counter-not-an-integer"],
)
def test_a_database_with_foreign_settings_is_refused(tmp_path: Path, planted: str) -> None:
    """diskcache applies every Settings row as an attribute and a PRAGMA: an unknown one is not ours."""
    repo = checkout(tmp_path)
    with diskcache.Cache(str(repo / CACHE_DIR)) as cache:
        cache.set("k", b"v")
    with sqlite3.connect(repo / CACHE_DIR / "cache.db") as db:
        db.execute(planted)
    result = modelcfg(repo, "cache", "stats", "--table", "build/table.json", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "disk tier refused" in result.stderr and "not ours" in result.stderr
    assert result.stdout.splitlines()[2].split()[:2] == ["disk", "refused"]
    cleared = modelcfg(repo, "cache", "clear", "--table", "build/table.json", home=tmp_path / "home")
    assert cleared.returncode == 1
    assert "disk: refused, nothing cleared" in cleared.stderr


def test_the_default_location_is_per_user_not_the_checkout(tmp_path: Path) -> None:
    repo, canary, home = checkout(tmp_path, path=None), tmp_path / "canary", tmp_path / "home"
    plant(repo / CACHE_DIR, "some-vector-key", canary)
    result = modelcfg(repo, "cache", "stats", "--table", "build/table.json", "--format", "json", home=home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["disk_path"] == str(home / "modelcfg" / "embeddings")
    assert json.loads(result.stdout)["tiers"]["disk"]["entries"] == 0


@pytest.mark.parametrize("unsafe", ["world-writable", "another-user"])
def test_an_unsafe_directory_is_refused(tmp_path: Path, unsafe: str) -> None:
    repo = checkout(tmp_path)
    directory = repo / CACHE_DIR
    with diskcache.Cache(str(directory)) as cache:
        cache.set("k", b"v")
    if unsafe == "world-writable":
        directory.chmod(0o777)
    else:
        if os.geteuid() != 0:
            pytest.fail("giving a directory to another user needs root; run this suite as root (CI does)")
        os.chown(directory, 65534, 65534)
    result = modelcfg(repo, "cache", "stats", "--table", "build/table.json", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    expected = "writable by every user" if unsafe == "world-writable" else "belongs to another user"
    assert expected in result.stderr
    assert result.stdout.splitlines()[2].split()[:2] == ["disk", "refused"]


def test_a_planted_trigger_that_corrupts_the_counters(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """SQL the database brings along can break diskcache's bookkeeping: the tier is refused, no error."""
    folder = tmp_path / "emb"
    with diskcache.Cache(str(folder)) as cache:
        cache.set("k", b"v")
    with sqlite3.connect(folder / "cache.db") as db:
        db.execute(
            "CREATE TRIGGER planted AFTER UPDATE ON Settings WHEN NEW.key = 'count' BEGIN "
            "UPDATE Settings SET value = 'many' WHERE key = 'count'; END"
        )
    space = EmbeddingSpace.of("openai", "https://api.openai.com/v1", "text-embedding-3-small", 16)
    cache = EmbeddingCache({"disk": {"enabled": True, "path": str(folder)}})
    [vector] = cache.get_or_compute(space, ["hello"], lambda batch: [[0.5] * 16], batch_size=8)
    stats = cache.stats().as_dict()["tiers"]["disk"]
    cache.close()
    assert list(vector) == [0.5] * 16
    assert stats["state"] == "refused"
    assert any("is not a modelcfg cache (TypeError)" in r.getMessage() for r in caplog.records)
