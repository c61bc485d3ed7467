"""The table a command works on: a compiled table file (`--table FILE`) or a fresh compile.

One answer to "use `--table`, or compile the project" for every command that needs a table
(`bench`, `cache`, `explain --table`, `export`): either the envelope, or why there is none
(the compile's diagnostics, or one sentence about the table file) and the exit code that goes
with it (1 invalid project, 2 usage or unreadable input).
"""

import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostic import Diagnostic


@dataclass(frozen=True, slots=True)
class TableSource:
    """A table envelope; else why not (``problem`` with the table file, or the compile's
    ``diagnostics``) and the exit code to end with. A compile's warnings come with its table."""

    envelope: dict[str, Any] | None
    diagnostics: tuple[Diagnostic, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    exit_code: int = 0
    problem: str | None = None


def table_or_compile(project: Path | None, env: str | None, table_path: Path | None) -> TableSource:
    """Read ``table_path`` (checked: a regular file, format 1, its content_hash, the published table
    schema), else compile."""
    if table_path is None:
        return _compiled(project or Path("."), env)
    if project is not None:
        return _refused("give `-p PATH` or `--table FILE`, not both")
    label = str(table_path)
    if table_path.exists() and not stat.S_ISREG(table_path.stat().st_mode):  # a FIFO blocks forever
        return _refused(f"{label}: not a regular file; give a table written by `modelcfg compile`")
    from .interop.export import ExportError, load_table

    try:
        envelope = load_table(table_path)
    except ExportError as exc:
        hint = f"; {exc.diagnostic.hint}" if exc.diagnostic.hint else ""
        return _refused(f"{label}: {exc.diagnostic.message}{hint}")
    except RecursionError:
        return _refused(f"{label}: nested too deeply to be a modelcfg table")
    from .table_check import table_problem

    if (problem := table_problem(table_path, envelope)) is not None:
        return _refused(problem)
    compiled_for = envelope.get("environment")
    if env is not None and compiled_for != env:
        return _refused(
            f"{label} was compiled for environment {compiled_for!r}, not {env!r}; "
            f"compile it with `--env {env}`, or drop `--env`"
        )
    return TableSource(envelope)


def _compiled(project: Path, env: str | None) -> TableSource:
    from .project import compile_project

    result = compile_project(project, env=env)
    if result.ok and result.table is not None:
        return TableSource(result.table, result.diagnostics, result.sources)
    return TableSource(None, result.diagnostics, result.sources, 2 if result.usage_error else 1)


def _refused(problem: str) -> TableSource:
    return TableSource(None, exit_code=2, problem=problem)
