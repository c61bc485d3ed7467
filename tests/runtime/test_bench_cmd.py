"""`modelcfg bench` end to end: a table file or a compiled project, against the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modelcfg.cli import cli
from tests.emulator import Emulator, status
from tests.runtime.tables import body, envelope, model, provider

CASES = """cases:
  - name: greet
    prompt: hello
    expect: "echo: hello"
  - name: sum
    prompt: what is 2+2
    expect: "4"
"""


def table_file(tmp_path: Path, emu: Emulator) -> Path:
    providers = {
        "local": provider(
            "openai",
            emu.base("openai"),
            {"small": model("s"), "medium": model("m"), "large": model("l")},
        )
    }
    path = tmp_path / "modelcfg.lock.json"
    path.write_text(json.dumps(envelope(body(providers, retry={"attempts": 1}))), encoding="utf-8")
    return path


def test_bench_json_per_class(tmp_path: Path, emulator: Emulator) -> None:
    (tmp_path / "cases.yaml").write_text(CASES, encoding="utf-8")
    table = table_file(tmp_path, emulator)
    emulator.script("l", status(500))
    result = CliRunner().invoke(
        cli,
        ["bench", str(tmp_path / "cases.yaml"), "--table", str(table), "--repeat", "2", "--format", "json"],
    )
    assert result.exit_code == 1, result.output  # one large run failed
    reports = {r["class"]: r for r in json.loads(result.stdout)["classes"]}
    assert list(reports) == ["small", "medium", "large"]
    small = reports["small"]
    assert (small["runs"], small["failures"], small["models"]) == (4, 0, ["local/s"])
    assert small["accuracy"] == 0.5  # the echo contains "hello" but never "4"
    assert 0 < small["latency_ms"]["p50"] <= small["latency_ms"]["p95"]
    assert small["tokens"]["input"] > 0 and small["tokens"]["output"] > 0
    assert reports["large"]["failures"] == 1 and "AllFailed" in reports["large"]["errors"][0]
    assert emulator.count() == 12


def test_bench_text_one_class(tmp_path: Path, emulator: Emulator) -> None:
    (tmp_path / "cases.yaml").write_text("- hi there\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "bench",
            str(tmp_path / "cases.yaml"),
            "--table",
            str(table_file(tmp_path, emulator)),
            "--class",
            "large",
        ],
    )
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split()[:3] == ["class", "runs", "fail"]
    assert row.split()[:3] == ["large", "1", "0"] and row.endswith("local/l")


def test_bench_compiles_the_project(tmp_path: Path, emulator: Emulator) -> None:
    (tmp_path / "cases.yaml").write_text("- ping\n", encoding="utf-8")
    (tmp_path / "modelcfg.yaml").write_text(
        f"version: 1\nproviders:\n  local:\n    api: openai\n    endpoint: {emulator.base('openai')}\n"
        "    models:\n      medium: {id: m}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["bench", str(tmp_path / "cases.yaml"), "--project", str(tmp_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)["classes"]
    assert (report["class"], report["runs"], report["models"]) == ("medium", 1, ["local/m"])


def test_bad_cases_file_is_a_usage_error(tmp_path: Path, emulator: Emulator) -> None:
    (tmp_path / "cases.yaml").write_text("cases:\n  - prompt: [unclosed\n", encoding="utf-8")
    table = str(table_file(tmp_path, emulator))
    result = CliRunner().invoke(cli, ["bench", str(tmp_path / "cases.yaml"), "--table", table])
    assert result.exit_code == 2 and f"{tmp_path / 'cases.yaml'}:3:1:" in result.stderr
    (tmp_path / "cases.yaml").write_text("- {prompt: hi, temprature: 1}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["bench", str(tmp_path / "cases.yaml"), "--table", table])
    assert result.exit_code == 2 and "case 1: unknown key(s) temprature" in result.stderr


def bench(*args: str) -> Result:
    return CliRunner().invoke(cli, ["bench", *args])


def test_cases_file_errors_name_file_line_and_column(tmp_path: Path, emulator: Emulator) -> None:
    table = str(table_file(tmp_path, emulator))
    cases = tmp_path / "cases.yaml"
    cases.write_bytes(b"cases:\n  - prompt: caf\xe9\n")
    result = bench(str(cases), "--table", table)
    assert result.exit_code == 2 and f"{cases}:2:16: file is not UTF-8 (byte 0xe9)" in result.stderr
    cases.write_text("- prompt: hi\n- prompt: [unclosed\n- prompt: x\n", encoding="utf-8")
    result = bench(str(cases), "--table", table)
    assert result.exit_code == 2 and f"{cases}:3:9: YAML syntax error" in result.stderr, result.stderr
    cases.write_text("- {prompt: hi, expect: 4}\n", encoding="utf-8")
    result = bench(str(cases), "--table", table)
    assert result.exit_code == 2 and "case 1: `expect` must be a string" in result.stderr
    cases.write_text("- {prompt: hi, max_tokens: many}\n", encoding="utf-8")
    result = bench(str(cases), "--table", table)
    assert result.exit_code == 2 and "case 1: `max_tokens` must be a whole number" in result.stderr
    assert "Traceback" not in result.output


def test_a_bare_list_of_cases_runs(tmp_path: Path, emulator: Emulator) -> None:
    table = str(table_file(tmp_path, emulator))
    (tmp_path / "cases.yaml").write_text("- hello\n- {name: two, prompt: hi}\n", encoding="utf-8")
    result = bench(str(tmp_path / "cases.yaml"), "--table", table, "--class", "small", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["classes"][0]["runs"] == 2


def test_a_bad_table_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "cases.yaml").write_text(CASES, encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = bench(str(tmp_path / "cases.yaml"), "--table", str(deep))
    assert result.exit_code == 2 and f"{deep}: nested too deeply" in result.stderr


@pytest.mark.parametrize("which", ["cases", "table"])
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, emulator: Emulator, which: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    cases = tmp_path / "cases.yaml"
    cases.write_text(CASES, encoding="utf-8")
    args = [str(fifo), "--table", str(table_file(tmp_path, emulator))]
    if which == "table":
        args = [str(cases), "--table", str(fifo)]
    done = subprocess.run(
        [sys.executable, "-m", "modelcfg", "bench", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert f"{fifo}: not a regular file" in done.stderr and "Traceback" not in done.stderr
