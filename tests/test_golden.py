"""The golden-file helper: it rewrites a golden file only when MODELCFG_UPDATE_GOLDEN is `1`."""

from pathlib import Path

import pytest

from tests.golden import assert_golden, snapshot


@pytest.mark.parametrize("value", ["0", "", "yes", "true"])
def test_any_value_but_1_only_compares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("MODELCFG_UPDATE_GOLDEN", value)
    golden = tmp_path / "out.snap"
    golden.write_text("old\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"(?s)-old\n\+new"):
        assert_golden(golden, "new\n")
    assert golden.read_text(encoding="utf-8") == "old\n"


def test_1_rewrites_and_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELCFG_UPDATE_GOLDEN", "1")
    golden = tmp_path / "sub" / "out.snap"
    assert_golden(golden, "new\n")
    assert golden.read_text(encoding="utf-8") == "new\n"


def test_a_missing_golden_file_fails_without_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELCFG_UPDATE_GOLDEN", raising=False)
    with pytest.raises(AssertionError, match="no golden file"):
        assert_golden(tmp_path / "missing.snap", "x")
    assert not (tmp_path / "missing.snap").exists()


def test_snapshot_holds_arguments_exit_code_stdout_and_stderr() -> None:
    assert snapshot(["lint", "a b.yaml"], 1, "out\n", "err\n") == (
        "args: modelcfg lint 'a b.yaml'\nexit code: 1\n----- stdout -----\nout\n----- stderr -----\nerr\n"
    )
