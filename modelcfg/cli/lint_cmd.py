"""`modelcfg lint`: check projects or standalone config files and report findings."""

import os
import sys

import click

from modelcfg.compiler.report import REPORTERS

THRESHOLDS = ("error", "warning", "info")


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--env", "-e", help="Environment whose overlays apply (projects and files named here).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(REPORTERS)),
    default="text",
    show_default=True,
    help="How findings are printed.",
)
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
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to a file.")
@click.option(
    "--color/--no-color", default=None, help="Color text output (default: on a terminal, unless NO_COLOR)."
)
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--explain", metavar="RULE", help="Print a rule's documentation and exit.")
def lint_command(
    paths: tuple[str, ...],
    env: str | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    threshold: str,
    output: str | None,
    color: bool | None,
    list_rules: bool,
    explain: str | None,
) -> None:
    """Check configs for mistakes: unknown or retired models, token windows beyond the model,
    settings the API ignores, broken failover, literal secrets, insecure endpoints.

    PATHS are project directories, config files, or directories searched for projects and
    standalone config files (default: the project in the current directory). Exit status:
    0 clean, 1 findings at or above --severity, 2 usage or unreadable input.

    \b
    Examples:
      modelcfg lint
      modelcfg lint examples --env production --format sarif -o lint.sarif
      modelcfg lint configs/ --select MC3 --ignore unreachable-chain
      modelcfg lint --explain MC301
    """
    from modelcfg.compiler.lint import docs
    from modelcfg.compiler.lint.registry import known_selector, rule_for

    if list_rules:
        click.echo(docs.list_rules(), nl=False)
        return
    if explain is not None:
        rule = rule_for(explain)
        if rule is None:
            raise click.BadParameter(f"no rule `{explain}` (see --list-rules)", param_hint="--explain")
        click.echo(docs.explain(rule), nl=False)
        return
    selected, ignored = _selectors(select), _selectors(ignore)
    for option, values in (("--select", selected), ("--ignore", ignored)):
        unknown = [s for s in values if not known_selector(s)]
        if unknown:
            raise click.BadParameter(f"no rule matches `{unknown[0]}` (see --list-rules)", param_hint=option)
    sys.exit(_run(paths, env, fmt, selected, ignored, threshold, output, color))


def _run(
    paths: tuple[str, ...],
    env: str | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    threshold: str,
    output: str | None,
    color: bool | None,
) -> int:
    from modelcfg.compiler.diagnostic import Severity
    from modelcfg.compiler.lint import InputError, Policy, lint_paths
    from modelcfg.compiler.lint.policy import at_least
    from modelcfg.compiler.report import render

    try:
        results = lint_paths(paths, env=env, policy=Policy(select, ignore))
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    diagnostics = [d for r in results for d in r.diagnostics]
    usage_error = any(r.usage_error for r in results)
    sources = {k: v for r in results for k, v in r.sources.items()}
    if color is None:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = render(diagnostics, fmt, sources, color)
    if not diagnostics and fmt in ("text", "concise"):
        text = "All checks passed!\n"
    if output is not None:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)
    if usage_error:
        return 2
    failing = Severity(threshold)
    return 1 if any(at_least(d.severity, failing) for d in diagnostics) else 0
