"""Golden (snapshot) files, one helper for every test area.

A golden file holds the exact expected text; a change fails the test with a unified diff.
After reviewing the diff, `MODELCFG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/AREA`
rewrites the files (any other value, `0` included, only compares). CLI snapshots follow
ruff's: arguments, exit code, stdout and stderr in one file.
"""

import difflib
import os
import shlex
from pathlib import Path

from click.testing import CliRunner

from modelcfg.cli import cli

__all__ = ["assert_cli_golden", "assert_golden", "run_cli", "snapshot", "updating"]


def updating() -> bool:
    """Whether this run rewrites golden files: only when MODELCFG_UPDATE_GOLDEN is exactly `1`."""
    return os.environ.get("MODELCFG_UPDATE_GOLDEN") == "1"


def assert_golden(path: Path, actual: str) -> None:
    """Compare ``actual`` with the golden file at ``path`` (rewriting it first when updating)."""
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; create it with MODELCFG_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        lines = difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), str(path), "actual"
        )
        raise AssertionError(
            "output differs from the golden file (MODELCFG_UPDATE_GOLDEN=1 rewrites it):\n" + "".join(lines)
        )


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """Run ``modelcfg ARGS`` in-process; exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(args: list[str], code: int, stdout: str, stderr: str) -> str:
    """One CLI run as a snapshot: arguments, exit code, stdout, stderr."""
    return (
        f"args: modelcfg {shlex.join(args)}\n"
        f"exit code: {code}\n"
        f"----- stdout -----\n{stdout}"
        f"----- stderr -----\n{stderr}"
    )


def assert_cli_golden(path: Path, args: list[str]) -> str:
    """Run ``modelcfg ARGS`` and compare its snapshot with the golden file; returns stdout."""
    code, stdout, stderr = run_cli(args)
    assert_golden(path, snapshot(args, code, stdout, stderr))
    return stdout
