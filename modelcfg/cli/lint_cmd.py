"""`modelcfg lint`: check projects or standalone config files and report findings."""

import os
import sys
from pathlib import Path

import click

from modelcfg import __version__
from modelcfg.compiler.compile_cache import cache_disabled
from modelcfg.compiler.report import REPORTERS

from .diagnostics import use_color
from .errors import fail
from .options import Command, color_option, env_option, format_option, output_option, project_option

THRESHOLDS = ("error", "warning", "info")


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


@click.command("lint", cls=Command)
@click.argument("paths", nargs=-1, type=click.Path())
@project_option
@env_option
@format_option(list(REPORTERS))
@click.option(
    "--select", multiple=True, metavar="RULES", help="Run only these rules (codes, prefixes or names)."
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option(
    "--severity",
    "threshold",
    type=click.Choice(THRESHOLDS),
    default="warning",
    show_default=True,
    help="Exit 1 only for findings at or above this severity.",
)
@output_option()
@color_option
@click.option(
    "--no-cache",
    is_flag=True,
    help="Always lint; do not read or write .modelcfg_cache (also MODELCFG_NO_CACHE=1).",
)
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", metavar="RULE", help="Print a rule's documentation and exit.")
def lint_command(
    paths: tuple[str, ...],
    project: Path | None,
    env: str | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    threshold: str,
    output: Path | None,
    color: bool | None,
    no_cache: bool,
    list_rules: bool,
    explain: str | None,
) -> None:
    """Check configs for mistakes: unknown or retired models, token windows beyond the model,
    settings the API ignores, broken failover, literal secrets, insecure endpoints.

    PATHS are project directories, config files, or directories searched for projects and
    standalone config files, like ruff's (default: the project, -p, or the current directory). Exit status:
    0 clean, 1 findings at or above --severity, 2 usage or unreadable input. An unchanged
    target is answered from .modelcfg_cache in its directory without compiling.

    \b
    Examples:
      modelcfg lint
      modelcfg lint -p examples --env production --format sarif -o lint.sarif
      modelcfg lint configs/ --select MC3 --ignore unreachable-chain
      modelcfg lint --explain MC301
    """
    if list_rules:
        from modelcfg.compiler.lint import docs

        click.echo(docs.list_rules(), nl=False)
        return
    if explain is not None:
        from modelcfg.compiler.lint import docs
        from modelcfg.compiler.lint.registry import rule_for

        rule = rule_for(explain)
        if rule is None:
            raise click.BadParameter(f"no rule `{explain}` (see --list-rules)", param_hint="--explain")
        click.echo(docs.explain(rule), nl=False)
        return
    selected, ignored = _selectors(select), _selectors(ignore)
    if selected or ignored:  # the rule registry (and pydantic) loads only when there is a selector
        _check_selectors(selected, ignored)
    cached = not cache_disabled(no_cache, os.environ)
    targets = (*paths, str(project)) if project is not None else paths
    sys.exit(_run(targets, env, fmt, selected, ignored, threshold, output, color, cached))


def _check_selectors(selected: tuple[str, ...], ignored: tuple[str, ...]) -> None:
    from modelcfg.compiler.lint.registry import known_selector

    for option, values in (("--select", selected), ("--ignore", ignored)):
        unknown = [s for s in values if not known_selector(s)]
        if unknown:
            raise click.BadParameter(f"no rule matches `{unknown[0]}` (see --list-rules)", param_hint=option)


def _run(
    paths: tuple[str, ...],
    env: str | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    threshold: str,
    output: Path | None,
    color: bool | None,
    cached: bool,
) -> int:
    from modelcfg.compiler.cached_lint import lint_cached
    from modelcfg.compiler.lint_targets import InputError, targets
    from modelcfg.compiler.report import render

    try:
        found = [(target, env if takes_env else None) for target, takes_env in targets(paths)]
    except InputError as exc:
        fail(str(exc))
    results = lint_cached(
        found, select, ignore, threshold, version=__version__, environ=os.environ, cached=cached
    )
    diagnostics = [d for r in results for d in r.diagnostics]
    usage_error = any(r.usage_error for r in results)
    sources = {k: v for r in results for k, v in r.sources.items()}
    painted = output is None and use_color(color, stdout=True) if color is None else color
    text = render(diagnostics, fmt, sources, painted)
    if not diagnostics and fmt in ("text", "concise"):
        text = "All checks passed!\n"
    if output is not None and str(output) != "-":
        from modelcfg.compiler.atomic import write_atomic, write_error

        try:
            write_atomic(output, text)
        except OSError as exc:
            fail(write_error(output, exc))
    else:
        click.echo(text, nl=False)
    if usage_error:
        return 2
    failing = THRESHOLDS.index(threshold)
    return 1 if any(THRESHOLDS.index(d.severity.value) <= failing for d in diagnostics) else 0
