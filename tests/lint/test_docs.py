"""Rule docs: generated from the docstrings, current, and their examples do what they say."""

import re
from pathlib import Path
from types import ModuleType

import pytest
from modelcfg.compiler.lint import lint_paths
from modelcfg.compiler.lint.docs import explain, list_rules, rules_page, sections
from modelcfg.compiler.lint.registry import RULES

from .helpers import REPO, TODAY


def test_docs_lint_rules_page_is_current() -> None:
    page = (REPO / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    assert page == rules_page(), "regenerate: python -m modelcfg.compiler.lint.docs > docs/lint-rules.md"


def test_page_has_every_rule_with_example_and_fix() -> None:
    page = rules_page()
    for code, rule in RULES.items():
        section = page.split(f"\n## {code} {rule.NAME}\n", 1)[1].split("\n## ", 1)[0]
        assert "### Example\n```yaml" in section and "### Use instead\n```yaml" in section


def test_list_rules_has_one_line_per_rule() -> None:
    lines = list_rules().splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert lines[3].split()[:3] == ["MC301", "unknown-model", "error"]


def test_explain_starts_with_code_name_and_severity() -> None:
    assert explain(RULES["MC414"]).startswith("# MC414 empty-routed-class (error)\n")


def _snippet(rule: ModuleType, section: str) -> str:
    match = re.search(r"```yaml\n(.*?)```", sections(rule)[section], re.S)
    assert match, f"{rule.CODE}: `{section}` needs a yaml block"
    return match.group(1)


@pytest.mark.parametrize("code", list(RULES))
def test_docstring_example_triggers_only_its_rule_and_the_fix_is_clean(tmp_path: Path, code: str) -> None:
    rule = RULES[code]
    found = {}
    for section in ("Example", "Use instead"):
        path = tmp_path / f"{section.replace(' ', '_')}.yaml"
        path.write_text(_snippet(rule, section), encoding="utf-8")
        [result] = lint_paths([str(path)], today=TODAY)
        found[section] = [d.code for d in result.diagnostics]
    assert set(found["Example"]) == {code}
    assert found["Use instead"] == []
