"""`modelcfg cache stats|clear`: inspect or empty the embedding cache a table configures."""

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from .diagnostics import table_or_exit
from .errors import fail
from .options import (
    Command,
    chosen_project,
    color_option,
    env_option,
    format_option,
    project_option,
    table_option,
)

TIERS = ("memory", "disk", "redis")


def _table_options(command: Any) -> Any:
    """-p PROJECT [--env E] or --table FILE, and the directory the runtime runs in."""
    command = color_option(command)
    command = click.option(
        "--dir",
        "workdir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Directory a relative disk `path` is relative to (default: PROJECT, or the current "
        "directory with --table). Without a `path` the disk tier is in your user cache directory.",
    )(command)
    command = table_option(command)
    command = env_option(command)
    command = project_option(command)
    positional = click.argument(
        "positional", metavar="[PROJECT]", required=False, type=click.Path(path_type=Path)
    )
    return positional(command)


def _project(project: Path | None, positional: Path | None, command: str) -> Path | None:
    return chosen_project(project, positional, command) if positional or project else None


def _load_body(project: Path | None, env: str | None, table_path: Path | None, color: bool | None) -> Any:
    """The table body from --table or from compiling PROJECT; exits 2 (1 for an invalid config)."""
    from modelcfg.compiler.table_source import table_or_compile

    return table_or_exit(table_or_compile(project, env, table_path), color)["body"]


def _open_cache(body: Any, workdir: Path | None, project: Path | None) -> Any:
    from modelcfg.runtime.cache import EmbeddingCache

    base_dir = workdir if workdir is not None else _project_dir(project)
    cache = EmbeddingCache.from_body(body, base_dir=base_dir)
    if cache is None:
        click.echo("the table enables no embedding cache tier (cache.embeddings)", err=True)
        sys.exit(0)
    return cache


def _project_dir(project: Path | None) -> Path:
    """The directory of PROJECT (a directory or its modelcfg.yaml/toml), or the current one."""
    if project is None:
        return Path(".")
    return project if project.is_dir() else project.parent


@click.group("cache")
def cache_group() -> None:
    """Inspect or clear the embedding cache (memory → disk → Redis).

    \b
    Examples:
      modelcfg cache stats --table build/modelcfg.lock.json
      modelcfg cache stats -p examples --env production --format json
      modelcfg cache clear --table build/modelcfg.lock.json --tier disk
    """


@cache_group.command("stats", cls=Command)
@_table_options
@format_option(("text", "json"))
def stats_command(
    positional: Path | None,
    project: Path | None,
    env: str | None,
    table_path: Path | None,
    workdir: Path | None,
    color: bool | None,
    fmt: str,
) -> None:
    """Hits and misses per tier (summed over every process that used the cache) and sizes.

    \b
    Example:
      modelcfg cache stats --table build/modelcfg.lock.json
    """
    project = _project(project, positional, "cache stats")
    cache = _open_cache(_load_body(project, env, table_path, color), workdir, project)
    try:
        stats = cache.stats()
        disk_path = str(cache.disk.path) if cache.disk is not None else None
    finally:
        cache.close()
    if fmt == "json":
        data = stats.as_dict()
        data["tiers"]["memory"]["entries"] = None  # memory lives in each runtime process, not here
        click.echo(json.dumps({**data, "disk_path": disk_path}, indent=2))
        return
    click.echo(render_stats(stats, disk_path))


def render_stats(stats: Any, disk_path: str | None) -> str:
    """A table of tiers, as `cache stats` prints it."""
    rows = [("tier", "state", "hits", "misses", "hit rate", "entries", "size")]
    for tier in stats.tiers:
        lookups = tier.hits + tier.misses
        rate = f"{100 * tier.hits / lookups:.1f}%" if lookups else "-"
        entries = "per process" if tier.name == "memory" and tier.state == "on" else _number(tier.entries)
        rows.append(
            (
                tier.name,
                tier.state,
                f"{tier.hits:,}",
                f"{tier.misses:,}",
                rate,
                entries,
                _size(tier.size_bytes),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    if disk_path is not None:
        lines.append(f"disk: {disk_path}")
    lines.append(f"texts sent to providers: {stats.computed:,}; bad entries dropped: {stats.bad_entries:,}")
    return "\n".join(lines)


def _number(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _size(size: int | None) -> str:
    if size is None:
        return "-"
    if size < 1024:
        return f"{size} B"
    scaled = float(size)
    for unit in ("KiB", "MiB", "GiB"):
        scaled /= 1024
        if scaled < 1024 or unit == "GiB":
            break
    return f"{scaled:.1f} {unit}"


def _why_off(body: Any, tier: str) -> str:
    """Why ``tier`` is not open: the table leaves it off, or the variable naming its Redis is unset."""
    section = ((body.get("cache") or {}).get("embeddings") or {}).get(tier) or {}
    url_env = section.get("url_env")
    if tier == "redis" and section.get("enabled") and url_env and not os.environ.get(url_env):
        return (
            f"the table enables the redis tier, but ${url_env} is not set; export the Redis URL to clear it"
        )
    return f"the table does not enable the {tier} tier (cache.embeddings.{tier}.enabled)"


@cache_group.command("clear", cls=Command)
@_table_options
@click.option(
    "--tier",
    "tiers",
    multiple=True,
    type=click.Choice(TIERS),
    help="Clear only this tier (repeatable). Default: all.",
)
def clear_command(
    positional: Path | None,
    project: Path | None,
    env: str | None,
    table_path: Path | None,
    workdir: Path | None,
    color: bool | None,
    tiers: tuple[str, ...],
) -> None:
    """Delete cached vectors (all tiers, and the counters, unless --tier is given).

    The memory tier lives inside each running process and empties when it exits
    (or after its ttl_s); there is nothing to clear from outside.

    \b
    Examples:
      modelcfg cache clear --table build/modelcfg.lock.json
      modelcfg cache clear --table build/modelcfg.lock.json --tier redis
    """
    project = _project(project, positional, "cache clear")
    body = _load_body(project, env, table_path, color)
    cache = _open_cache(body, workdir, project)
    chosen = tiers or TIERS
    failed = False
    try:
        missing = [name for name in tiers if getattr(cache, name) is None]
        if missing:
            fail("; ".join(_why_off(body, name) for name in missing))
        removed = cache.clear(chosen)
        for name in chosen:
            tier = getattr(cache, name)
            if tier is None:
                continue
            if name == "memory":
                click.echo("memory: lives in each runtime process; it empties when the process exits")
            elif getattr(tier, "refused", None) is not None:
                click.echo(f"error: {name}: refused, nothing cleared ({tier.refused})", err=True)
                failed = True
            elif tier.outage.down:
                click.echo(
                    f"error: {name}: could not be cleared (unavailable; see the warning above)", err=True
                )
                failed = True
            else:
                click.echo(f"{name}: removed {removed.get(name, 0):,} entries")
    finally:
        cache.close()
    if failed:
        sys.exit(1)
