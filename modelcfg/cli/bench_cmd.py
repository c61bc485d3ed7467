"""`modelcfg bench`: run test prompts through each model class and report latency and tokens."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from modelcfg.schema.classes import CHAT_CLASS_NAMES

from .diagnostics import table_or_exit
from .errors import fail
from .options import Command, color_option, env_option, format_option, project_option, table_option

if TYPE_CHECKING:
    from modelcfg.runtime import Runtime



def _load_cases(path: Path) -> list[Any]:
    """The cases in CASES.yaml; exit 2 naming file:line:col on a bad file."""
    from modelcfg.compiler.bench_cases import CasesError, read_cases
    from modelcfg.runtime.bench import parse_cases

    try:
        return parse_cases(read_cases(path))
    except CasesError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(f"{path}: {exc}")


def _load_runtime(table: Path | None, project: Path | None, env: str | None, color: bool | None) -> "Runtime":
    """A Runtime over the table file given, or over a fresh compile of the project
    (diagnostics printed, exit 1/2); a bad table exits 2 naming the file."""
    from modelcfg.compiler.table_source import table_or_compile
    from modelcfg.runtime import ModelcfgError, Runtime

    envelope = table_or_exit(table_or_compile(project, env, table), color)
    try:
        return Runtime.from_table(envelope)
    except ModelcfgError as exc:
        fail(str(exc))


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


@click.command("bench", cls=Command)
@click.argument("cases", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@env_option
@click.option(
    "--class",
    "classes",
    multiple=True,
    type=click.Choice(CHAT_CLASS_NAMES),
    help="Class to run (repeatable).",
)
@table_option
@project_option
@click.option("--repeat", type=click.IntRange(1, 1000), default=1, show_default=True, help="Runs per case.")
@format_option(("text", "json"))
@color_option
def bench_command(
    cases: Path,
    env: str | None,
    classes: tuple[str, ...],
    table_path: Path | None,
    project: Path | None,
    repeat: int,
    fmt: str,
    color: bool | None,
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
    from modelcfg.runtime.bench import run_bench

    loaded = _load_cases(cases)
    runtime = _load_runtime(table_path, project, env, color)
    chosen = classes or tuple(
        c for c in CHAT_CLASS_NAMES if any(e.model_class == c for e in runtime.table.entries.values())
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
