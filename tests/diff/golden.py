"""CLI snapshots of `modelcfg diff`, kept in tests/diff/golden/ (see tests/golden.py)."""

from pathlib import Path

from tests.golden import assert_cli_golden, run_cli

__all__ = ["GOLDEN_DIR", "assert_golden", "run_cli"]

GOLDEN_DIR = Path(__file__).with_name("golden")


def assert_golden(name: str, args: list[str]) -> str:
    """Run ``modelcfg ARGS`` and compare the snapshot with golden/NAME.snap; returns stdout."""
    return assert_cli_golden(GOLDEN_DIR / f"{name}.snap", args)
