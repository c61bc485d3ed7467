"""The lint cache: an unchanged lint target is answered from `.modelcfg_cache/` without compiling.

One entry per target (a project, or a standalone file, cached in its directory), stored with
compile_cache's fingerprint of inputs. The entry's name is a digest of everything else the
findings depend on: modelcfg version, target, `--env`, `--select`/`--ignore`, `--severity`
and today's date (retirement rules judge against it). The catalog and modelcfg's own modules
are in the fingerprint by size and mtime. The entry holds the findings and the source texts
they point into, so every format renders from it. Stdlib only, like the compile cache.
"""

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .compile_cache import code_files, compilation_inputs, digest, read_entry, write_entry
from .diagnostic import Diagnostic, Severity, Span
from .lint_targets import LintResult

if TYPE_CHECKING:
    from .project import Compilation

__all__ = ["lint_key", "lookup_lint", "remember_lint"]


def lint_key(
    version: str,
    target: Path,
    env: str | None,
    select: Sequence[str],
    ignore: Sequence[str],
    threshold: str,
    today: dt.date,
) -> str:
    """The digest naming one target's entry for these options on this day (and working directory:
    findings name files relative to it)."""
    where = [os.getcwd(), os.path.realpath(target)]
    parts = ["lint", version, *where, env, list(select), list(ignore), threshold]
    return digest([*parts, today.isoformat()])


def cache_root(target: Path) -> Path:
    """Where a target's entry lives: the project directory, or a standalone file's directory."""
    return target if target.is_dir() else target.parent


def lookup_lint(target: Path, key: str, environ: Mapping[str, str]) -> LintResult | None:
    """The cached findings when every recorded input is unchanged, else None (never raises)."""
    data = read_entry(cache_root(target), key, environ)
    if data is None:
        return None
    try:
        diagnostics = tuple(_diagnostic(item) for item in data["diagnostics"])
        sources = {str(k): str(v) for k, v in data["sources"].items()}
        return LintResult(str(target), diagnostics, sources, bool(data["usage_error"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def remember_lint(
    target: Path, key: str, result: LintResult, compilation: "Compilation", environ: Mapping[str, str]
) -> None:
    """Record one target's findings with every input its compile read (best effort).

    A project with `lint.require_keys` is never recorded: MC417's findings depend on which key
    variables are set, and the cache keeps no trace of keys, not even their digests.
    """
    document = compilation.document
    if document is not None and document.lint.require_keys:
        return
    root = cache_root(target)
    files, probed, allowed = compilation_inputs(root, compilation)
    shown = {d.span.file for d in result.diagnostics}
    payload: dict[str, Any] = {
        "diagnostics": [_plain(d) for d in result.diagnostics],
        "sources": {label: text for label, text in result.sources.items() if label in shown},
        "usage_error": result.usage_error,
    }
    write_entry(
        root.resolve(),
        key,
        payload,
        files=files,
        probed=probed,
        stats=code_files(),
        allow_env=allowed,
        environ=environ,
    )


def _span(span: Span) -> list[Any]:
    return [span.file, span.line, span.column, span.end_line, span.end_column]


def _plain(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "span": _span(d.span),
        "hint": d.hint,
        "related": [_span(s) for s in d.related],
    }


def _diagnostic(item: Mapping[str, Any]) -> Diagnostic:
    hint = item["hint"]
    return Diagnostic(
        str(item["code"]),
        Severity(item["severity"]),
        str(item["message"]),
        Span(*item["span"]),
        None if hint is None else str(hint),
        tuple(Span(*s) for s in item["related"]),
    )
