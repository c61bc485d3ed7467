"""`--table FILE` or a fresh compile: one function answers for bench, cache, explain and export."""

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner
from modelcfg.compiler.table_source import table_or_compile

from modelcfg.cli import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def compiled(tmp_path: Path, env: str = "production") -> tuple[Path, Path]:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project)
    table = tmp_path / "t.json"
    result = CliRunner().invoke(cli, ["compile", "-p", str(project), "--env", env, "-o", str(table)])
    assert result.exit_code == 0, result.output
    return project, table


def test_a_table_file_or_a_compile_give_the_same_envelope(tmp_path: Path) -> None:
    project, table = compiled(tmp_path)
    read = table_or_compile(None, "production", table)
    fresh = table_or_compile(project, "production", None)
    assert read.envelope is not None and read.envelope == fresh.envelope
    assert (read.exit_code, read.problem) == (0, None)


def test_table_problems_are_one_sentence_naming_the_file(tmp_path: Path) -> None:
    project, table = compiled(tmp_path)
    mismatch = table_or_compile(None, "staging", table)
    assert mismatch.envelope is None and mismatch.exit_code == 2
    assert mismatch.problem == (
        f"{table} was compiled for environment 'production', not 'staging'; "
        "compile it with `--env staging`, or drop `--env`"
    )
    assert table_or_compile(project, None, table).problem == "give `-p PATH` or `--table FILE`, not both"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert table_or_compile(None, None, fifo).problem == (
        f"{fifo}: not a regular file; give a table written by `modelcfg compile`"
    )
    edited = json.loads(table.read_text())
    edited["body"]["providers"].pop("openai")
    table.write_text(json.dumps(edited))
    problem = table_or_compile(None, None, table).problem or ""
    assert problem.startswith(f"{table}: table content_hash does not match its body")


def test_an_invalid_project_is_exit_1_with_its_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text("version: 1\nproviders:\n  x: {endpoint: 3}\n")
    source = table_or_compile(tmp_path, None, None)
    assert (source.envelope, source.exit_code, source.problem) == (None, 1, None)
    assert source.diagnostics and all(d.span.file.endswith("modelcfg.yaml") for d in source.diagnostics)


def test_explain_reads_a_value_from_a_table(tmp_path: Path) -> None:
    _, table = compiled(tmp_path)
    args = ["explain", "providers.llamalocal.timeout_s", "--table", str(table)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"providers.llamalocal.timeout_s = 60.0\n  * table  {table}  60.0\n"
    missing = CliRunner().invoke(cli, ["explain", "providers.nope", "--table", str(table)])
    assert missing.exit_code == 1 and missing.stdout == "providers.nope: not set\n"
    everything = CliRunner().invoke(cli, ["explain", "--all", "--table", str(table)])
    assert everything.exit_code == 2 and everything.stderr.startswith("error: --table explains one SETTING")
