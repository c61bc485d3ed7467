"""`modelcfg bench`: run test prompts through each model class and report latency and tokens."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from modelcfg.schema.classes import CHAT_CLASS_NAMES

if TYPE_CHECKING:
    from modelcfg.runtime import Runtime

CLASSES = CHAT_CLASS_NAMES


def _load_cases(path: Path) -> list[Any]:
    """Parse CASES.yaml with the project's YAML loader; exit 2 naming file:line:col on a bad file."""
    from modelcfg.compiler.load import LoadError
    from modelcfg.runtime.bench import parse_cases

    try:
        data = _cases_tree(path)
    except OSError as exc:
        _usage(f"{path}: cannot read ({exc.strerror or exc})")
    except LoadError as exc:
        d = exc.diagnostic
        hint = f"; {d.hint}" if d.hint else ""
        _usage(f"{d.span.file}:{d.span.line}:{d.span.column}: {d.message}{hint}")
    try:
        return parse_cases(data)
    except ValueError as exc:
        _usage(f"{path}: {exc}")
    raise AssertionError("unreachable")


def _cases_tree(path: Path) -> Any:
    """The cases file as plain values: a mapping (`cases:`) or a bare list of cases.

    The project's loader wants a mapping at the root, so a bare list is read as the value of a
    `cases:` key, one line down and two columns in; positions are shifted back in errors.
    """
    from dataclasses import replace

    from modelcfg.compiler.load import LoadError, decode, parse

    label = str(path)
    data = read_regular(path)
    try:
        return parse(label, data).tree
    except LoadError as exc:
        if exc.diagnostic.code != "MC013":  # not "the root is not a mapping"
            raise
    text = decode(label, data)
    wrapped = "cases:\n" + "".join("  " + line for line in text.splitlines(keepends=True))
    try:
        return parse(label, wrapped.encode("utf-8")).tree["cases"]
    except LoadError as exc:
        s = exc.diagnostic.span
        span = replace(
            s,
            line=_back(s.line, 1),
            column=_back(s.column, 2),
            end_line=_back(s.end_line, 1),
            end_column=_back(s.end_column, 2),
        )
        raise LoadError(replace(exc.diagnostic, span=span)) from None


def _back(n: int | None, by: int) -> Any:
    return None if n is None else max(n - by, 1)


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, device or directory is refused before it can block."""
    import stat

    from modelcfg.compiler.load import MAX_BYTES

    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        _usage(f"{path}: not a regular file (a pipe, device or directory); give a YAML file")
    if info.st_size > MAX_BYTES:
        _usage(f"{path}: over the {MAX_BYTES // (1024 * 1024)} MiB limit for a cases file")
    return path.read_bytes()


def _load_runtime(table: Path | None, project: Path, env: str | None) -> "Runtime":
    """A Runtime over the table file given, or over a fresh compile of the project
    (diagnostics printed, exit 1/2); a bad table exits 2 naming the file."""
    from modelcfg.runtime import ModelcfgError, Runtime, load_table

    if table is not None:
        from modelcfg.compiler.table_check import check_table_file

        if (problem := check_table_file(table)) is not None:
            _usage(problem)
        try:
            loaded = load_table(table)
        except ModelcfgError as exc:
            _usage(str(exc))
        if env is not None and loaded.environment != env:
            _usage(f"{table} was compiled for environment {loaded.environment!r}, not {env!r}")
        return Runtime(loaded)
    from modelcfg.cli.compile_cmd import report
    from modelcfg.compiler import compile_project

    result = compile_project(project, env=env)
    report(result, "text", None)
    if result.usage_error:
        sys.exit(2)
    if not result.ok or result.table is None:
        sys.exit(1)
    try:
        return Runtime.from_table(result.table)
    except ModelcfgError as exc:
        _usage(str(exc))


def _usage(message: str) -> NoReturn:
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
    from modelcfg.runtime.bench import run_bench

    loaded = _load_cases(cases)
    runtime = _load_runtime(table, project, env)
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
