"""`modelcfg lint` as a user runs it, as golden snapshots: arguments, exit code, stdout, stderr.

The configs are copies of rule fixtures in tmp_path (the run's working directory), so the
snapshots hold relative paths and nothing is written into the repository.
"""

import shutil
from pathlib import Path

import pytest

from tests.golden import assert_cli_golden

from .helpers import FIXTURES

GOLDEN = Path(__file__).parent / "golden" / "cli"
TEMPERATURE = FIXTURES / "MC211-temperature-out-of-range"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copyfile(TEMPERATURE / "bad.yaml", tmp_path / "bad.yaml")
    shutil.copyfile(TEMPERATURE / "good.yaml", tmp_path / "good.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_findings_in_each_format_exit_1(workdir: Path, fmt: str) -> None:
    args = ["lint", "bad.yaml", "--format", fmt, "--no-color"]
    assert_cli_golden(GOLDEN / f"findings_{fmt}.snap", args)


def test_a_clean_file_exits_0(workdir: Path) -> None:
    assert_cli_golden(GOLDEN / "clean.snap", ["lint", "good.yaml", "--no-color"])


def test_a_missing_path_exits_2(workdir: Path) -> None:
    assert_cli_golden(GOLDEN / "missing_path.snap", ["lint", "no/such.yaml", "--no-color"])


def test_nothing_is_written_with_no_cache(workdir: Path) -> None:
    assert_cli_golden(GOLDEN / "no_cache.snap", ["lint", "bad.yaml", "--no-cache", "--no-color"])
    assert sorted(p.name for p in workdir.iterdir()) == ["bad.yaml", "good.yaml"]
