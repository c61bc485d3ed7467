"""Diagnostics as golden files, one per output format (like ruff's snapshots).

A changed message shows up as a readable diff of `golden/<format>.snap` (arguments, exit
code, stdout, stderr). To accept a
change on purpose: MODELCFG_UPDATE_GOLDEN=1 pytest tests/compiler/test_report.py
"""

from pathlib import Path

import pytest

from tests.golden import assert_cli_golden

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_compile_output_formats(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)
    args = ["compile", "-p", "bad", "--env", "production", "--format", fmt, "--no-color", "-o", "-"]
    assert_cli_golden(GOLDEN / f"{fmt}.snap", args)


def test_color_marks_severity_and_caret() -> None:
    from modelcfg.compiler.diagnostic import Diagnostic, Severity, Span
    from modelcfg.compiler.report import render

    d = Diagnostic("MC203", Severity.ERROR, "bad", Span("a.yaml", 1, 4, 1, 7))
    text = render([d], "text", {"a.yaml": "a: 2.5\n"}, color=True)
    assert "\x1b[1;31merror[MC203]\x1b[0m" in text
    assert "\x1b[1;31m^^^\x1b[0m" in text
