"""Inline `# modelcfg: ignore[RULE]` comments in YAML and TOML, and unused ones reported."""

from pathlib import Path

from modelcfg.compiler.lint import Policy, lint_paths
from modelcfg.compiler.lint.suppression import Suppression, find_suppressions

from .helpers import TODAY

HTTP_YAML = """\
providers:
  gateway:
    endpoint: http://llm-gateway.example.com/v1{comment}
    models: {{small: a, medium: b, large: c}}
"""

HTTP_TOML = """\
[providers.gateway]
endpoint = "http://llm-gateway.example.com/v1"{comment}
models = {{small = "a", medium = "b", large = "c"}}
"""


def _ignore(rule: str) -> str:
    return f"  # modelcfg: ignore[{rule}]"


def _codes(path: Path) -> list[tuple[str, int, int]]:
    [result] = lint_paths([str(path)], today=TODAY)
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics]


def test_parse_codes_names_and_columns() -> None:
    text = "a: 1\nb: http://x  #  modelcfg: ignore[MC502, insecure-endpoint]\nc: '#modelcfg: ignore[MC1]'\n"
    assert find_suppressions("f.yaml", text) == [
        Suppression("f.yaml", 2, 34, "MC502"),
        Suppression("f.yaml", 2, 41, "insecure-endpoint"),
    ]


def test_text_without_marker_is_not_scanned_line_by_line() -> None:
    assert find_suppressions("f.yaml", "a: 1\n" * 1000) == []


def test_yaml_suppression_by_code_silences_the_finding(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(HTTP_YAML.format(comment=_ignore("MC502")))
    assert _codes(path) == []


def test_yaml_suppression_by_name(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(HTTP_YAML.format(comment=_ignore("insecure-endpoint")))
    assert _codes(path) == []


def test_toml_suppression_silences_the_finding(tmp_path: Path) -> None:
    path = tmp_path / "gateway.toml"
    path.write_text(HTTP_TOML.format(comment=_ignore("MC502")))
    assert _codes(path) == []


def test_toml_without_suppression_reports_the_finding(tmp_path: Path) -> None:
    path = tmp_path / "gateway.toml"
    path.write_text(HTTP_TOML.format(comment=""))
    assert _codes(path) == [("MC502", 2, 12)]


def test_suppression_of_another_rule_leaves_the_finding_and_is_unused(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(HTTP_YAML.format(comment=_ignore("MC503")))
    assert _codes(path) == [("MC502", 3, 15), ("MC901", 3, 69)]


def test_suppression_of_a_rule_that_did_not_run_is_not_reported(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(HTTP_YAML.format(comment=_ignore("MC502")))
    [result] = lint_paths([str(path)], policy=Policy(select=("MC3",)), today=TODAY)
    assert result.diagnostics == ()


def test_no_unused_suppression_noise_next_to_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(HTTP_YAML.format(comment=_ignore("MC502")) + "  broken: [\n")
    assert [code for code, _, _ in _codes(path)] == ["MC001"]


def test_suppression_on_another_line_does_not_apply(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text("# modelcfg: ignore[MC502]\n" + HTTP_YAML.format(comment=""))
    assert _codes(path) == [("MC901", 1, 20), ("MC502", 4, 15)]


def test_unknown_rule_in_suppression_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(HTTP_YAML.format(comment=_ignore("MC502, MC5020")))
    assert _codes(path) == [("MC902", 3, 76)]


def test_compile_errors_cannot_be_suppressed(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "providers:\n  gateway:\n    endpoint: https://gw.example.com/v1\n"
        "    timeout: 5  # modelcfg: ignore[MC101]\n"
    )
    codes = [c for c, _, _ in _codes(path)]
    assert "MC902" in codes
    assert any(c.startswith("MC1") for c in codes)
