"""Compile through the compile cache: answer an unchanged project from `.modelcfg_cache/`.

What `modelcfg compile` runs. A hit replays the table and the diagnostics as they were
printed, without importing pydantic, ruamel or jinja2; a miss compiles, renders the
diagnostics and, on success, stores the entry (`compile_cache.py`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .compile_cache import Entry, cache_disabled, invocation_key, lookup, remember

if TYPE_CHECKING:
    from .project import Compilation

#: Formats printed to stdout; the rest (text, concise) go to stderr, and only when non-empty.
MACHINE_FORMATS = ("json", "sarif", "github")


@dataclass(frozen=True, slots=True)
class CompileOutcome:
    """The rendered diagnostics, and the table text unless the compile failed (then exit_code)."""

    stdout: str
    stderr: str
    table: str | None
    exit_code: int = 0


def compile_cached(
    project: Path,
    env: str | None,
    sets: Sequence[str],
    *,
    fmt: str,
    color: bool,
    version: str,
    environ: Mapping[str, str],
    no_cache: bool = False,
) -> CompileOutcome:
    """Compile ``project`` (or replay the cached compile of the same inputs) and render its diagnostics."""
    base = project if project.is_dir() else project.parent
    key = invocation_key(version, project, env, sets, f"{fmt}:{color}")
    cached = not cache_disabled(no_cache, environ)
    entry = lookup(base, key, environ) if cached else None
    if entry is not None:
        return CompileOutcome(entry.stdout, entry.stderr, entry.table)
    from .project import compile_project
    from .table import dumps

    result = compile_project(project, env=env, sets=sets)
    stdout, stderr = rendered(result, fmt, color)
    if result.usage_error or not result.ok or result.table is None:
        return CompileOutcome(stdout, stderr, None, 2 if result.usage_error else 1)
    entry = Entry(dumps(result.table), stdout, stderr)
    if cached:
        remember(base, key, entry, result, environ)
    return CompileOutcome(stdout, stderr, entry.table)


def rendered(compilation: "Compilation", fmt: str, color: bool) -> tuple[str, str]:
    """A compilation's diagnostics as (stdout, stderr): machine formats to stdout, text to stderr."""
    from .report import render

    diagnostics, sources = compilation.diagnostics, compilation.sources
    if fmt in MACHINE_FORMATS:
        return render(diagnostics, fmt, sources, False), ""
    if diagnostics:
        return "", render(diagnostics, fmt, sources, color)
    return "", ""
