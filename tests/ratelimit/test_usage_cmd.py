"""`modelcfg usage`: the fleet-wide counters in a real Redis, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from modelcfg.runtime.ratelimit import RateLimiter

from modelcfg.cli import cli
from tests.redis_server import RedisServer, free_port
from tests.runtime.tables import body, envelope, model, provider

from .entries import FakeEntry, Tokens


def record_traffic(server: RedisServer) -> None:
    entry = FakeEntry({"rpm": 6000, "tpm": 100000, "scope": "redis", "redis_url_env": "USAGE_REDIS"})
    for _ in range(2):  # two processes' worth of limiters
        lim = RateLimiter(environ={"USAGE_REDIS": server.url})
        for _ in range(3):
            lim.settle(entry, lim.acquire(entry, 500), Tokens(120, 30), {})


def test_usage_json_sums_the_fleet(redis_server: RedisServer, tmp_path: Path) -> None:
    record_traffic(redis_server)
    limits = {"rpm": 6000, "tpm": 100000, "scope": "redis"}
    p = {
        "openai": provider(
            "openai",
            "http://127.0.0.1:9/v1",
            {"large": model("gpt-4.1"), "small": model("quiet-x", rate_limits=limits)},
        )
    }
    table = tmp_path / "modelcfg.lock.json"
    table.write_text(json.dumps(envelope(body(p))))
    result = CliRunner().invoke(
        cli,
        ["usage", "--redis-url-env", "USAGE_REDIS", "--format", "json", "--table", str(table)],
        env={"USAGE_REDIS": redis_server.url},
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["usage"]
    used = rows["openai/gpt-4.1"]
    assert (used["requests"], used["tokens_in"], used["tokens_out"], used["rejected"]) == (6, 720, 180, 0)
    assert rows["openai/quiet-x"]["requests"] == 0 and rows["openai/quiet-x"]["limits"]["tpm"] == 100000


def test_usage_text(redis_server: RedisServer) -> None:
    record_traffic(redis_server)
    result = CliRunner().invoke(
        cli, ["usage", "--redis-url-env", "USAGE_REDIS"], env={"USAGE_REDIS": redis_server.url}
    )
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()
    assert header.split()[:4] == ["provider/model", "requests", "tokens_in", "tokens_out"]
    assert row.split()[:4] == ["openai/gpt-4.1", "6", "720", "180"]


def test_unreachable_redis_is_a_clear_error_without_the_url() -> None:
    url = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    result = CliRunner().invoke(cli, ["usage", "--redis-url-env", "USAGE_REDIS"], env={"USAGE_REDIS": url})
    assert result.exit_code == 2
    assert "cannot read usage from the Redis in $USAGE_REDIS" in result.output
    assert "hunter2" not in result.output
