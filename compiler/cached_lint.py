"""Lint through the lint cache: each unchanged target is answered from `.modelcfg_cache/`.

What `modelcfg lint` runs. When every target hits, no rule module (nor pydantic) is imported;
otherwise the misses are linted and, when they compile, stored (`lint_cache.py`).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from .lint_cache import lint_key, lookup_lint, remember_lint
from .lint_targets import LintResult


def lint_cached(
    found: Sequence[tuple[Path, str | None]],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    threshold: str,
    *,
    version: str,
    environ: Mapping[str, str],
    cached: bool,
    today: dt.date | None = None,
) -> list[LintResult]:
    """Each (target, env)'s findings: from the cache when its inputs are unchanged, else linted."""
    day = today or dt.date.today()
    keys = [lint_key(version, t, e, select, ignore, threshold, day) for t, e in found]
    hits = [lookup_lint(t, k, environ) if cached else None for (t, _), k in zip(found, keys, strict=True)]
    if all(hit is not None for hit in hits):
        return [hit for hit in hits if hit is not None]
    from .lint import Policy
    from .lint.runner import lint_target

    policy = Policy(select, ignore)
    results = []
    for (target, env), key, hit in zip(found, keys, hits, strict=True):
        if hit is None:
            hit, compilation = lint_target(target, env, policy, today=day)
            if cached and compilation.ok:
                remember_lint(target, key, hit, compilation, environ)
        results.append(hit)
    return results
