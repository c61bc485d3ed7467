"""Golden output of `modelcfg diff` on two compiled tables, one snapshot per format."""

import json
from pathlib import Path

import pytest

from tests.diff.golden import assert_golden
from tests.diff.tables import production, staging, write_table


@pytest.fixture
def tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """staging.lock.json and production.lock.json in the current directory (labels stay short)."""
    write_table(tmp_path / "staging.lock.json", staging(), "staging")
    write_table(tmp_path / "production.lock.json", production(), "production")
    monkeypatch.chdir(tmp_path)
    return tmp_path


PAIR = ["diff", "staging.lock.json", "production.lock.json"]


def test_text(tables: Path) -> None:
    out = assert_golden("tables_text", [*PAIR, "--exit-code"])
    assert "~ profiles.precise.temperature:" in out


def test_text_colored(tables: Path) -> None:
    out = assert_golden("tables_text_color", [*PAIR, "--color"])
    assert "\x1b[32m+\x1b[0m providers.groq:" in out


def test_json(tables: Path) -> None:
    out = assert_golden("tables_json", [*PAIR, "--format", "json"])
    document = json.loads(out)
    assert document["summary"]["changes"] == len(document["changes"])


def test_markdown(tables: Path) -> None:
    assert_golden("tables_markdown", [*PAIR, "--format", "markdown"])


def test_stat(tables: Path) -> None:
    assert_golden("tables_stat", [*PAIR, "--stat"])


def test_markdown_stat(tables: Path) -> None:
    assert_golden("tables_markdown_stat", [*PAIR, "--format", "markdown", "--stat"])


def test_no_differences(tables: Path) -> None:
    out = assert_golden("tables_same", ["diff", "staging.lock.json", "staging.lock.json", "--exit-code"])
    assert out.endswith("no differences\n")


def test_only_and_ignore(tables: Path) -> None:
    args = [*PAIR, "--only", "providers.openai", "--ignore", "*.stop", "--exit-code"]
    assert_golden("tables_only_ignore", args)
