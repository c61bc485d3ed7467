"""Golden (snapshot) files for CLI output: arguments, exit code, stdout and stderr in one file.

A changed output fails the test with a readable diff; after reviewing it, refresh the
snapshots with `MODELCFG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/diff`.
"""

import difflib
import os
import shlex
from pathlib import Path

from click.testing import CliRunner

from modelcfg.cli import cli

GOLDEN_DIR = Path(__file__).with_name("golden")


def run_cli(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(args: list[str], code: int, stdout: str, stderr: str) -> str:
    return (
        f"args: modelcfg {shlex.join(args)}\n"
        f"exit code: {code}\n"
        f"----- stdout -----\n{stdout}"
        f"----- stderr -----\n{stderr}"
    )


def assert_golden(name: str, args: list[str]) -> str:
    """Run ``modelcfg ARGS`` and compare the snapshot with golden/NAME.snap; returns stdout."""
    code, stdout, stderr = run_cli(args)
    actual = snapshot(args, code, stdout, stderr)
    path = GOLDEN_DIR / f"{name}.snap"
    if os.environ.get("MODELCFG_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; create it with MODELCFG_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        lines = difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), str(path), "actual"
        )
        raise AssertionError("output differs from the snapshot:\n" + "".join(lines))
    return stdout
