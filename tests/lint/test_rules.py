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
    assert inspect.isgeneratorfunction(rule.check) or callable(rule.check)


def test_rule_names_are_unique_kebab_case() -> None:
    names = [r.NAME for r in RULES.values()]
    assert len(set(names)) == len(names)
    assert all(n == n.lower() and " " not in n and "_" not in n for n in names)
