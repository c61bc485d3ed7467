"""The seed's own sample configuration: exactly the findings its mistakes deserve, and no noise."""

from pathlib import Path

import pytest
from modelcfg.compiler.lint import LintResult, lint_paths
from modelcfg.compiler.report import render

from tests.golden import assert_golden

from .helpers import GOLDEN, REPO, SEED_PROJECT, TODAY

#: (code, line in seed_project/modelcfg.yaml): why the seed deserves it.
SEED_MISTAKES = [
    ("MC210", 33),  # frequency_penalty on Anthropic: not part of its API, silently dropped
    ("MC210", 34),  # presence_penalty on Anthropic: likewise
    ("MC302", 37),  # claude-3-5-haiku: retired
    ("MC302", 38),  # claude-3-5-sonnet-20241022: retired
    ("MC301", 39),  # claude-3-5-opus-20240229 never existed (a live Opus, not the retired claude-3-opus)
    ("MC303", 52),  # gpt-4o-mini: shuts down 2027-01-14
    ("MC303", 53),  # gpt-4o: shuts down 2027-01-14
    ("MC303", 54),  # gpt-4o: shuts down 2027-01-14
    ("MC302", 56),  # dall-e-3: retired
    ("MC206", 65),  # llamalocal repetition_penalty 0.0: 1.0 means off, 0 is no penalty
    ("MC206", 77),  # heurist repetition_penalty 0.0: likewise
    ("MC414", 85),  # heurist embedding "" while the Heurist character embeds through it
]


@pytest.fixture
def seed_result(monkeypatch: pytest.MonkeyPatch) -> LintResult:
    monkeypatch.chdir(REPO)
    [result] = lint_paths([str(SEED_PROJECT.relative_to(REPO))], today=TODAY)
    return result


def test_seed_mistakes_are_found_and_nothing_else(seed_result: LintResult) -> None:
    assert [(d.code, d.span.line) for d in seed_result.diagnostics] == SEED_MISTAKES
    assert {d.span.file for d in seed_result.diagnostics} == {"tests/lint/seed_project/modelcfg.yaml"}


def test_unknown_opus_suggests_a_live_opus_and_says_the_closest_is_retired(seed_result: LintResult) -> None:
    [opus] = [d for d in seed_result.diagnostics if d.code == "MC301"]
    assert opus.hint is not None
    assert opus.hint.startswith("did you mean `claude-opus-4-6")
    assert "the closest id, `claude-3-opus-20240229`, was shut down on 2026-01-05" in opus.hint


def test_repetition_penalty_zero_says_why(seed_result: LintResult) -> None:
    messages = {d.message for d in seed_result.diagnostics if d.span.line == 65}
    assert messages == {
        "repetition_penalty 0.0 is not a valid penalty: 1.0 means off and values above 1 "
        "discourage repeats; use 1.0 or remove the key"
    }


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_golden_output(seed_result: LintResult, fmt: str) -> None:
    rendered = render(seed_result.diagnostics, fmt, seed_result.sources, False)
    assert_golden(GOLDEN / f"seed_project.{fmt}", rendered)


@pytest.mark.parametrize(
    "preset",
    [
        "anthropic",
        "claude_vertex",
        "google",
        "grok",
        "groq",
        "heurist",
        "llamacloud",
        "llamalocal",
        "openai",
        "openrouter",
        "redpill",
    ],
)
def test_each_preset_lints_clean_as_the_default_provider(tmp_path: Path, preset: str) -> None:
    text = f"extends: ['preset:{preset}']\nselection: {{default_provider: {preset}}}\n"
    if preset == "claude_vertex":
        text += "providers: {claude_vertex: {vertex: {project: my-gcp-project}}}\n"
    (tmp_path / "modelcfg.yaml").write_text(text, encoding="utf-8")
    [result] = lint_paths([str(tmp_path)], today=TODAY)
    assert [f"{d.code} {d.span}: {d.message}" for d in result.diagnostics] == []
