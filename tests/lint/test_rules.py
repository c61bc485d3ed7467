"""Each rule against its fixture: the bad file yields exactly that finding there, the twin nothing."""

import inspect
from pathlib import Path

import pytest
from modelcfg.compiler.diagnostic import Severity
from modelcfg.compiler.lint import lint_paths
from modelcfg.compiler.lint.docs import sections
from modelcfg.compiler.lint.registry import ALIASES, RULES

from .helpers import TODAY, expected, rule_fixtures

FIXTURE_DIRS = rule_fixtures()
#: Rules whose findings the runner reports (only it sees every comment); their check() yields nothing.
REPORTED_BY_THE_RUNNER = {"MC901"}


def _findings(path: Path) -> list[tuple[str, int, int]]:
    [result] = lint_paths([str(path)], today=TODAY)
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics]


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=lambda p: p.name)
def test_bad_fixture_triggers_exactly_its_rule(fixture: Path) -> None:
    bad = fixture / "bad.yaml"
    assert _findings(bad) == [expected(bad)]


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=lambda p: p.name)
def test_clean_twin_has_no_findings(fixture: Path) -> None:
    assert _findings(fixture / "good.yaml") == []


def test_every_rule_has_a_fixture_named_after_it() -> None:
    assert sorted(p.name for p in FIXTURE_DIRS) == sorted(f"{c}-{r.NAME}" for c, r in RULES.items())


@pytest.mark.parametrize("code", list(RULES))
def test_rule_module_contract(code: str) -> None:
    rule = RULES[code]
    assert code == rule.CODE
    assert ALIASES[rule.NAME] == code
    assert isinstance(rule.DEFAULT, Severity)
    assert rule.SUMMARY and rule.SUMMARY[0].islower() and not rule.SUMMARY.endswith(".")
    assert list(sections(rule)) == ["What it does", "Why is this bad?", "Example", "Use instead"]
    assert list(inspect.signature(rule.check).parameters) == ["ctx"]
    if code in REPORTED_BY_THE_RUNNER:
        assert list(rule.check(None)) == []
    else:
        assert inspect.isgeneratorfunction(rule.check), f"{code}: check() must yield its findings"


def test_rule_names_are_unique_kebab_case() -> None:
    names = [r.NAME for r in RULES.values()]
    assert len(set(names)) == len(names)
    assert all(n == n.lower() and " " not in n and "_" not in n for n in names)


def test_finding_points_at_the_overriding_layer_and_names_the_one_below(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text(
        "environments: {lab: [envs/lab.yaml]}\n"
        "providers:\n  gw:\n    endpoint: https://gw.example.com/v1\n"
        "    models: {small: a, medium: b, large: c}\n"
    )
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "lab.yaml").write_text("providers:\n  gw:\n    endpoint: http://gw.example.com/v1\n")
    [result] = lint_paths([str(tmp_path)], env="lab", today=TODAY)
    [finding] = result.diagnostics
    assert (finding.code, Path(finding.span.file).name, finding.span.line) == ("MC502", "lab.yaml", 3)
    assert [(Path(s.file).name, s.line) for s in finding.related] == [("modelcfg.yaml", 4)]


def test_profile_temperature_is_checked_where_selection_applies_it(tmp_path: Path) -> None:
    config = """\
profiles:
  wild: {temperature: 1.5}
selection:
  default_provider: openai
  tasks:
    story: {class: large, provider: anthropic, profile: wild}
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models: {large: claude-opus-4-6}
"""
    path = tmp_path / "modelcfg.yaml"
    path.write_text(config)
    [result] = lint_paths([str(tmp_path)], today=TODAY)
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [("MC211", 2, 23)]
    path.write_text(config.replace("provider: anthropic, profile: wild", "provider: openai, profile: wild"))
    [result] = lint_paths([str(tmp_path)], today=TODAY)
    assert result.diagnostics == ()
