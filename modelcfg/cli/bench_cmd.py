"""`modelcfg bench`: run test prompts through each model class and report latency and tokens."""

import json
import sys
from pathlib import Path
from typing import Any

import click

CLASSES = ("small", "medium", "large")


def _load_cases(path: Path) -> list[Any]:
    """Parse CASES.yaml; exit 2 with file:line:col on bad YAML or a bad case."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    from modelcfg.runtime.bench import parse_cases

    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        _usage(f"{path}: cannot read ({exc.strerror or exc})")
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        _usage(f"{where}: {exc.problem or 'invalid YAML'}")
    try:
        return parse_cases(data)
    except ValueError as exc:
        _usage(f"{path}: {exc}")
    raise AssertionError("unreachable")


def _load_table(table: Path | None, project: Path, env: str | None) -> dict[str, Any]:
    """The table file given, or a fresh compile of the project (diagnostics printed, exit 1/2)."""
    if table is not None:
        try:
            data: dict[str, Any] = json.loads(table.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            _usage(f"{table}: not a readable table ({exc}); run `modelcfg compile`")
        if env is not None and data.get("environment") != env:
            _usage(f"{table} was compiled for environment {data.get('environment')!r}, not {env!r}")
        return data
    from modelcfg.cli.compile_cmd import report
    from modelcfg.compiler import compile_project

    result = compile_project(project, env=env)
    report(result, "text", None)
    if result.usage_error:
        sys.exit(2)
    if not result.ok or result.table is None:
        sys.exit(1)
    return result.table


def _usage(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _render_text(reports: list[dict[str, Any]]) -> str:
    lines = [
        f"{'class':<8} {'runs':>5} {'fail':>5} {'p50 ms':>9} {'p95 ms':>9} "
        f"{'tokens in':>10} {'out':>8} {'acc':>6}  models"
    ]
    for r in reports:
        lat = r["latency_ms"]
        acc = "-" if r["accuracy"] is None else f"{r['accuracy']:.0%}"
        lines.append(
            f"{r['class']:<8} {r['runs']:>5} {r['failures']:>5} {_num(lat['p50']):>9} {_num(lat['p95']):>9} "
            f"{r['tokens']['input']:>10} {r['tokens']['output']:>8} {acc:>6}  {', '.join(r['models']) or '-'}"
        )
        lines += [f"  ! {e}" for e in r["errors"]]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


@click.command("bench")
@click.argument("cases", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-e", "--env", help="Compile with this environment's overlays.")
@click.option(
    "--class", "classes", multiple=True, type=click.Choice(CLASSES), help="Class to run (repeatable)."
)
@click.option("--table", type=click.Path(dir_okay=False, path_type=Path), help="Use a compiled table file.")
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    default=".",
    show_default=True,
    help="Project to compile when --table is not given.",
)
@click.option("--repeat", type=click.IntRange(1, 1000), default=1, show_default=True, help="Runs per case.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def bench_command(
    cases: Path,
    env: str | None,
    classes: tuple[str, ...],
    table: Path | None,
    project: Path,
    repeat: int,
    fmt: str,
) -> None:
    """Run the prompts in CASES (YAML) through each model class; print latency p50/p95, tokens,
    failures and accuracy per class. Exit 0 when every run succeeded, 1 otherwise, 2 on bad input.

    CASES is a list of `{name, prompt, system?, max_tokens?, expect?}` (or `cases:` holding one);
    `expect` is a substring the answer must contain.

    \b
    Examples:
      modelcfg bench cases.yaml --table build/modelcfg.lock.json --class large
      modelcfg bench cases.yaml --env production --repeat 5 --format json
    """
    from modelcfg.runtime import ModelcfgError, Runtime
    from modelcfg.runtime.bench import run_bench

    loaded = _load_cases(cases)
    try:
        runtime = Runtime.from_table(_load_table(table, project, env))
    except ModelcfgError as exc:
        _usage(str(exc))
    chosen = classes or tuple(
        c for c in CLASSES if any(e.model_class == c for e in runtime.table.entries.values())
    )
    total = len(chosen) * len(loaded) * repeat
    with runtime, click.progressbar(length=total, label="benchmarking", file=sys.stderr) as bar:
        reports = [r.as_dict() for r in run_bench(runtime, loaded, chosen, repeat, lambda: bar.update(1))]
    if fmt == "json":
        click.echo(json.dumps({"classes": reports}, indent=2))
    else:
        click.echo(_render_text(reports), nl=False)
    if any(r["failures"] for r in reports):
        sys.exit(1)
