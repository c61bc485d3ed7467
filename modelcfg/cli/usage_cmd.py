"""`modelcfg usage`: fleet-wide rate-limit and token counters, read from Redis."""

import json
import os
from pathlib import Path
from typing import Any

import click

from .errors import fail
from .options import Command, format_option, table_option

COLUMNS = ("requests", "tokens_in", "tokens_out", "throttled", "rejected", "wait_s")


def _configured_limits(table_path: Path) -> dict[str, dict[str, Any]]:
    """`provider/model` -> rate_limits of every limited model in a compiled table."""
    from modelcfg.compiler.table_check import check_table_file
    from modelcfg.runtime.errors import TableError
    from modelcfg.runtime.table import load_table

    if (problem := check_table_file(table_path)) is not None:
        fail(problem)
    try:
        table = load_table(table_path)
    except TableError as exc:
        fail(str(exc))
    return {
        f"{e.provider.name}/{e.model_id}": dict(e.rate_limits)
        for e in table.entries.values()
        if e.rate_limits is not None
    }


def _fleet_usage(url_env: str) -> dict[str, Any]:
    """Counters from the Redis named by `$url_env`; exits 2 when it is unset or unreachable."""
    url = os.environ.get(url_env)
    if not url:
        fail(f"${url_env} is not set; export the Redis URL your fleet shares")
    import redis

    from modelcfg.runtime.ratelimit import fleet_row, read_fleet_usage
    from modelcfg.runtime.shared_redis import client_options

    try:
        client = redis.Redis.from_url(url, **client_options(2.0))
        return {key: fleet_row(u) for key, u in read_fleet_usage(client).items()}
    except (redis.RedisError, OSError, ValueError) as exc:
        fail(f"cannot read usage from the Redis in ${url_env} ({type(exc).__name__})")


def _text(rows: dict[str, dict[str, Any]]) -> str:
    if not rows:
        return "no usage recorded yet"
    width = max(len("provider/model"), *(len(k) for k in rows))
    lines = [f"{'provider/model':<{width}}  " + "  ".join(f"{c:>10}" for c in COLUMNS) + "  limits"]
    for key, row in rows.items():
        cells = [f"{row[c]:>10.1f}" if c == "wait_s" else f"{row[c]:>10}" for c in COLUMNS]
        limits = row.get("limits") or {}
        shown = " ".join(
            f"{k}={limits[k]}" for k in ("rpm", "tpm", "max_concurrency", "scope") if limits.get(k)
        )
        lines.append(f"{key:<{width}}  " + "  ".join(cells) + f"  {shown}".rstrip())
    return "\n".join(lines)


@click.command("usage", cls=Command)
@click.option(
    "--redis-url-env",
    default="MODELCFG_REDIS_URL",
    show_default=True,
    help="Environment variable holding the Redis URL the fleet shares.",
)
@table_option
@format_option(("text", "json"))
def usage_command(redis_url_env: str, table_path: Path | None, fmt: str) -> None:
    """Show requests, tokens in/out, throttled and rejected requests and time spent waiting,
    per provider and model, counted by every process whose limits use `scope: redis`.

    \b
    Examples:
      modelcfg usage
      modelcfg usage --redis-url-env FLEET_REDIS_URL --format json
      modelcfg usage --table build/modelcfg.lock.json

    With --table, the table's limited models and their limits are listed too.
    """
    limits = _configured_limits(table_path) if table_path is not None else {}
    usage = _fleet_usage(redis_url_env)
    rows: dict[str, dict[str, Any]] = {}
    for key in sorted(set(usage) | set(limits)):
        counters = usage[key] if key in usage else dict.fromkeys(COLUMNS, 0)
        rows[key] = {**counters, "limits": limits.get(key)}
    if fmt == "json":
        click.echo(json.dumps({"usage": rows}, indent=2, sort_keys=True))
    else:
        click.echo(_text(rows))
