"""`modelcfg cache stats|clear`: inspect or empty the embedding cache a table configures."""

import json
import sys
from pathlib import Path
from typing import Any

import click

TIERS = ("memory", "disk", "redis")


def _table_options(command: Any) -> Any:
    """PROJECT [--env E] or --table PATH, and the directory the runtime runs in."""
    command = click.argument("project", required=False, type=click.Path(path_type=Path))(command)
    command = click.option("-e", "--env", help="Compile PROJECT with this environment's overlays.")(command)
    command = click.option(
        "--table",
        "table_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Read a compiled table instead of compiling PROJECT.",
    )(command)
    command = click.option(
        "--dir",
        "workdir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Directory a relative disk `path` is relative to (default: PROJECT, or the current "
        "directory with --table). Without a `path` the disk tier is in your user cache directory.",
    )(command)
    return command


def _load_body(project: Path | None, env: str | None, table_path: Path | None) -> Any:
    """The table body from --table or from compiling PROJECT; exits 2 (1 for an invalid config)."""
    if table_path is not None and (project is not None or env is not None):
        raise click.UsageError("give either --table PATH or PROJECT [--env E], not both")
    if table_path is not None:
        from modelcfg.compiler.table_check import check_table_file
        from modelcfg.runtime.errors import TableError
        from modelcfg.runtime.table import load_table

        if (problem := check_table_file(table_path)) is not None:
            click.echo(f"error: {problem}", err=True)
            sys.exit(2)
        try:
            return load_table(table_path).body
        except TableError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    from modelcfg.cli.compile_cmd import report
    from modelcfg.compiler import compile_project

    result = compile_project(project or Path("."), env=env)
    report(result, "text", None)
    if result.usage_error:
        sys.exit(2)
    if not result.ok or result.table is None:
        sys.exit(1)
    return result.table["body"]


def _open_cache(body: Any, workdir: Path | None, project: Path | None) -> Any:
    from modelcfg.runtime.embed_cache import EmbeddingCache

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
      modelcfg cache stats examples --env production --format json
      modelcfg cache clear --table build/modelcfg.lock.json --tier disk
    """


@cache_group.command("stats")
@_table_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats_command(
    project: Path | None, env: str | None, table_path: Path | None, workdir: Path | None, fmt: str
) -> None:
    """Hits and misses per tier (summed over every process that used the cache) and sizes.

    \b
    Example:
      modelcfg cache stats --table build/modelcfg.lock.json
    """
    cache = _open_cache(_load_body(project, env, table_path), workdir, project)
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


@cache_group.command("clear")
@_table_options
@click.option(
    "--tier",
    "tiers",
    multiple=True,
    type=click.Choice(TIERS),
    help="Clear only this tier (repeatable). Default: all.",
)
def clear_command(
    project: Path | None,
    env: str | None,
    table_path: Path | None,
    workdir: Path | None,
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
    cache = _open_cache(_load_body(project, env, table_path), workdir, project)
    chosen = tiers or TIERS
    failed = False
    try:
        missing = [name for name in tiers if getattr(cache, name) is None]
        if missing:
            raise click.UsageError(f"the table does not enable the {', '.join(missing)} tier")
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
