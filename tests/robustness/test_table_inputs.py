"""Every command that reads a table (`--table FILE`) refuses a deeply nested JSON file, a FIFO
and a directory with a message naming it and exit 2: no RecursionError, no blocked read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["cache", "stats", "--table"],
    ["usage", "--table"],
    ["export", "litellm", "--table"],
    ["bench", "{cases}", "--table"],
]


def bad_table(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.json"
    if kind == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["deep", "fifo", "directory"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_table_readers_refuse_bad_files(tmp_path: Path, command: list[str], kind: str) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- hello\n", encoding="utf-8")
    table = bad_table(tmp_path, kind)
    args = [a.format(cases=cases) for a in command] + [str(table)]
    done = subprocess.run(
        [sys.executable, "-m", "modelcfg", *args], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert str(table) in done.stderr


@pytest.mark.parametrize("kind", ["deep", "fifo", "directory"])
def test_runtime_load_refuses_bad_files(tmp_path: Path, kind: str) -> None:
    from modelcfg.runtime import Runtime, TableError

    table = bad_table(tmp_path, kind)
    with pytest.raises(TableError, match=str(table)):
        Runtime.load(table)
