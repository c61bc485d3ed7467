"""MC210 says once what one line sets, however many models inherit it."""

from pathlib import Path

from modelcfg.compiler.lint import lint_paths

from .helpers import TODAY

PROJECT = """\
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models:
      small: claude-haiku-5-5
      medium: claude-sonnet-5-5
      large: claude-opus-5-5
    settings:
      temperature: 0.3
"""


def test_a_provider_setting_refused_by_three_models_is_one_finding(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text(PROJECT, encoding="utf-8")
    [result] = lint_paths([str(tmp_path)], today=TODAY)
    findings = [d for d in result.diagnostics if d.code == "MC210"]
    assert [(d.span.line, d.span.column) for d in findings] == [(10, 20)]
    message = findings[0].message
    models = ("claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5")
    assert all(f"`{model}`" in message for model in models)


def test_a_setting_refused_by_the_api_is_not_reported_again_per_model(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text(
        "providers:\n  openai:\n    api: openai\n    endpoint: https://api.openai.com/v1\n"
        "    models: {small: gpt-6-luna, medium: gpt-6.1-terra, large: gpt-6.1-sol}\n"
        "    settings: {top_k: 40}\n",
        encoding="utf-8",
    )
    [result] = lint_paths([str(tmp_path)], today=TODAY)
    findings = [d for d in result.diagnostics if d.code == "MC210"]
    assert [(d.span.line, d.message) for d in findings] == [
        (6, "`top_k` is not part of the openai API and will not be sent")
    ]


def test_the_runner_reports_an_identical_finding_once(tmp_path: Path) -> None:
    from dataclasses import replace

    from modelcfg.compiler import compile_project
    from modelcfg.compiler.lint.runner import lint_compilation

    (tmp_path / "modelcfg.yaml").write_text(PROJECT, encoding="utf-8")
    compilation = compile_project(tmp_path)
    [finding] = [d for d in lint_compilation(compilation, today=TODAY) if d.code == "MC210"]
    twice = replace(compilation, diagnostics=(finding, finding))
    assert [d for d in lint_compilation(twice, today=TODAY) if d.code == "MC210"] == [finding]
