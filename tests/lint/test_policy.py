"""Which rules run and how severe they are: project `lint:` config, --select/--ignore, severity."""

from pathlib import Path

from modelcfg.compiler.diagnostic import Severity
from modelcfg.compiler.lint import Policy, lint_paths
from modelcfg.compiler.lint.policy import at_least
from modelcfg.compiler.lint.registry import RULES, known_selector, rule_for

from .helpers import TODAY

TWO_FINDINGS = """\
{lint}providers:
  openai:
    endpoint: http://api.openai.example.net/v1
    models: {{small: a, medium: b, large: c}}
"""


def _lint(tmp_path: Path, lint: str = "", policy: Policy | None = None) -> list[tuple[str, Severity]]:
    path = tmp_path / "modelcfg.yaml"
    path.write_text(TWO_FINDINGS.format(lint=lint), encoding="utf-8")
    [result] = lint_paths([str(tmp_path)], policy=policy, today=TODAY)
    return [(d.code, d.severity) for d in result.diagnostics]


def test_defaults(tmp_path: Path) -> None:
    assert _lint(tmp_path) == [("MC502", Severity.ERROR), ("MC503", Severity.WARNING)]


def test_project_disable_by_code_and_by_name(tmp_path: Path) -> None:
    assert _lint(tmp_path, "lint: {disable: [MC502]}\n") == [("MC503", Severity.WARNING)]
    assert _lint(tmp_path, "lint: {disable: [endpoint-host-mismatch]}\n") == [("MC502", Severity.ERROR)]


def test_project_severity_override(tmp_path: Path) -> None:
    found = _lint(tmp_path, "lint: {severity: {MC503: error, insecure-endpoint: info}}\n")
    assert found == [("MC502", Severity.INFO), ("MC503", Severity.ERROR)]


def test_command_line_select_prefix_and_ignore(tmp_path: Path) -> None:
    assert _lint(tmp_path, policy=Policy(select=("MC50",), ignore=("MC503",))) == [("MC502", Severity.ERROR)]
    assert _lint(tmp_path, policy=Policy(select=("MC3",))) == []


def test_command_line_severity_wins_over_the_project(tmp_path: Path) -> None:
    policy = Policy(severity={"MC503": Severity.INFO})
    assert _lint(tmp_path, "lint: {severity: {MC503: error}}\n", policy) == [
        ("MC502", Severity.ERROR),
        ("MC503", Severity.INFO),
    ]


def test_exact_code_beats_prefix_in_severity_overrides() -> None:
    policy = Policy(severity={"MC5": Severity.INFO, "MC502": Severity.WARNING})
    assert policy.severity_of(RULES["MC502"]) is Severity.WARNING
    assert policy.severity_of(RULES["MC503"]) is Severity.INFO


def test_selectors() -> None:
    assert known_selector("ALL") and known_selector("MC4") and known_selector("unknown-model")
    assert not known_selector("MC7") and not known_selector("no-such-rule")
    assert rule_for("unknown-model") is RULES["MC301"] and rule_for("mc301") is RULES["MC301"]


def test_thresholds() -> None:
    assert at_least(Severity.ERROR, Severity.WARNING)
    assert at_least(Severity.WARNING, Severity.WARNING)
    assert not at_least(Severity.INFO, Severity.WARNING)
