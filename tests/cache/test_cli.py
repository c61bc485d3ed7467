"""`modelcfg cache stats|clear` on a real cache directory and a real Redis."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from modelcfg.runtime.cache import EmbeddingCache

from modelcfg.cli import cli
from tests.redis_server import RedisServer

from .conftest import SPACE, Provider, config
from .tables import embedding_table


class NoEmulator:
    def base(self, api: str) -> str:
        return "http://127.0.0.1:9/v1"


def write_table(tmp_path: Path, cfg: dict) -> Path:
    path = tmp_path / "table.json"
    path.write_text(json.dumps(embedding_table(NoEmulator(), cfg)))  # type: ignore[arg-type]
    return path


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_stats_counts_hits_and_misses_of_every_process(tmp_path: Path) -> None:
    table = write_table(tmp_path, config())
    for _ in range(2):  # two "processes" in turn: the second hits the disk tier
        cache = EmbeddingCache(config(), base_dir=tmp_path)
        cache.get_or_compute(SPACE, ["a", "b", "c"], Provider(SPACE), batch_size=8)
        cache.get_or_compute(SPACE, ["a"], Provider(SPACE), batch_size=8)
        cache.close()
    result = invoke("cache", "stats", "--table", str(table), "--dir", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["tiers"]["memory"] | {"entries": None} == {
        "state": "on", "hits": 2, "misses": 6, "entries": None, "size_bytes": None,
    }  # fmt: skip
    assert (data["tiers"]["disk"]["hits"], data["tiers"]["disk"]["misses"]) == (3, 3)
    assert data["tiers"]["disk"]["entries"] == 3
    assert data["tiers"]["redis"]["state"] == "off"
    assert data["computed"] == 3

    text = invoke("cache", "stats", "--table", str(table), "--dir", str(tmp_path)).output
    assert text.splitlines()[0].split() == [
        "tier",
        "state",
        "hits",
        "misses",
        "hit",
        "rate",
        "entries",
        "size",
    ]
    assert text.splitlines()[2].split()[:5] == ["disk", "on", "3", "3", "50.0%"]
    assert "texts sent to providers: 3" in text


def test_clear_one_tier_then_all(tmp_path: Path, redis_server: RedisServer) -> None:
    env = {"TEST_REDIS_URL": redis_server.url}
    cfg = config(redis=True)
    table = write_table(tmp_path, cfg)
    cache = EmbeddingCache(cfg, base_dir=tmp_path, environ=env)
    cache.get_or_compute(SPACE, ["a", "b"], Provider(SPACE), batch_size=8)
    cache.close()
    redis_server.client().set("someone-else:key", b"x")

    result = invoke(
        "cache", "clear", "--table", str(table), "--dir", str(tmp_path), "--tier", "redis", env=env
    )
    assert result.exit_code == 0
    assert "redis: removed 2 entries" in result.output
    assert redis_server.client().keys("*") == [b"someone-else:key"]
    assert EmbeddingCache(cfg, base_dir=tmp_path, environ=env).disk.count() == 2  # type: ignore[union-attr]

    result = invoke("cache", "clear", "--table", str(table), "--dir", str(tmp_path), env=env)
    assert "disk: removed 2 entries" in result.output
    args = ["cache", "stats", "--table", str(table), "--dir", str(tmp_path), "--format", "json"]
    stats = json.loads(invoke(*args, env=env).output)
    assert stats["tiers"]["disk"]["entries"] == 0
    assert stats["tiers"]["memory"]["misses"] == 0  # counters cleared with all tiers


def test_clear_reports_an_unreachable_redis(tmp_path: Path, redis_server: RedisServer) -> None:
    env = {"TEST_REDIS_URL": redis_server.url}
    table = write_table(tmp_path, config(redis=True))
    redis_server.kill()
    result = CliRunner().invoke(
        cli, ["cache", "clear", "--table", str(table), "--dir", str(tmp_path)], env=env
    )
    assert result.exit_code == 1
    assert "redis: could not be cleared" in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    table = write_table(tmp_path, config())
    assert invoke("cache", "clear", "--table", str(table), "--tier", "redis").exit_code == 2
    assert invoke("cache", "stats", "--table", str(table), "--env", "prod").exit_code == 2
    missing = CliRunner().invoke(cli, ["cache", "stats", "--table", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2
    assert "cannot read table" in missing.output


def test_clearing_redis_without_its_url_names_the_variable_not_the_table(tmp_path: Path) -> None:
    table = write_table(tmp_path, config(redis=True))
    result = CliRunner().invoke(
        cli, ["cache", "clear", "--table", str(table), "--dir", str(tmp_path), "--tier", "redis"], env={}
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the table enables the redis tier, but $TEST_REDIS_URL is not set")
    off = CliRunner().invoke(
        cli, ["cache", "clear", "--table", str(write_table(tmp_path, config())), "--tier", "redis"]
    )
    assert off.exit_code == 2 and "the table does not enable the redis tier" in off.stderr
