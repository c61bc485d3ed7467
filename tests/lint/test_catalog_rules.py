"""The catalog rules on the cases issue 16 names: life dates, fine-tunes, local servers, did-you-mean."""

import datetime as dt
from pathlib import Path

import pytest
from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.compiler.lint import lint_paths

from .helpers import TODAY


def _lint(tmp_path: Path, provider: str, today: dt.date = TODAY) -> tuple[Diagnostic, ...]:
    path = tmp_path / "modelcfg.yaml"
    path.write_text("providers:\n" + provider, encoding="utf-8")
    [result] = lint_paths([str(path)], today=today)
    return result.diagnostics


ANTHROPIC = "  anthropic:\n    api: anthropic\n    endpoint: https://api.anthropic.com/v1\n"
OPENAI = "  openai:\n    endpoint: https://api.openai.com/v1\n"


def test_a_model_that_existed_between_snapshots_is_retired_not_unknown(tmp_path: Path) -> None:
    [finding] = _lint(tmp_path, ANTHROPIC + "    models: {medium: claude-sonnet-4-20250514}\n")
    assert finding.code == "MC302"
    assert finding.message == (
        "model `claude-sonnet-4-20250514` for anthropic/medium was shut down on 2026-06-15 (167 days ago)"
    )
    assert finding.hint == "move to `claude-sonnet-5-5`, the newest live model of its family"


def test_a_model_that_dropped_out_without_a_shutdown_date_names_the_release(tmp_path: Path) -> None:
    [finding] = _lint(tmp_path, OPENAI + "    models: {small: gpt-4-32k}\n")
    assert finding.code == "MC302"
    assert "missing from LiteLLM's releases since 1.83.0 (2026-03-31)" in finding.message


def test_deprecating_says_the_days_left_and_the_day_after_it_is_retired(tmp_path: Path) -> None:
    provider = OPENAI + "    models: {small: gpt-4o-mini}\n"
    [soon] = _lint(tmp_path, provider)
    assert soon.code == "MC303" and soon.message.endswith("shuts down on 2027-01-14 (46 days left)")
    assert soon.hint == "move to `gpt-6-luna`"
    [past] = _lint(tmp_path, provider, today=dt.date(2027, 1, 20))
    assert past.code == "MC302" and past.message.endswith("was shut down on 2027-01-14 (6 days ago)")


def test_the_opus_that_never_was_gets_a_live_opus_and_a_note_on_the_retired_one(tmp_path: Path) -> None:
    [finding] = _lint(tmp_path, ANTHROPIC + "    models: {large: claude-3-5-opus-20240229}\n")
    assert finding.code == "MC301" and finding.hint is not None
    assert finding.hint.startswith("did you mean `claude-opus-")
    assert "`claude-3-opus-20240229`" not in finding.hint.split("?")[0]
    assert "(the closest id, `claude-3-opus-20240229`, was shut down on 2026-01-05)" in finding.hint


def test_openrouter_llama_4_maverick_is_known(tmp_path: Path) -> None:
    router = "  openrouter:\n    endpoint: https://openrouter.ai/api/v1\n"
    assert _lint(tmp_path, router + "    models: {medium: meta-llama/llama-4-maverick}\n") == ()


def test_a_fine_tuned_id_is_judged_by_its_base(tmp_path: Path) -> None:
    live = OPENAI + "    models: {small: 'ft:gpt-5.4-mini:my-org:support-bot:9abcXYZ1'}\n"
    assert _lint(tmp_path, live) == ()
    [deprecating] = _lint(
        tmp_path, OPENAI + "    models: {small: 'ft:gpt-4o-mini-2024-07-18:my-org:bot:9abc'}\n"
    )
    assert deprecating.code == "MC303"
    [retired] = _lint(tmp_path, OPENAI + "    models: {small: 'ft:gpt-3.5-turbo-0613:acme::7p4lURel'}\n")
    assert retired.code == "MC302" and "(fine-tuned from `gpt-3.5-turbo-0613`)" in retired.message


@pytest.mark.parametrize(
    ("provider", "codes"),
    [
        ("  ollama:\n    endpoint: http://localhost:11434/v1\n    models: {small: llama3.2}\n", []),
        (
            "  llamacpp:\n    endpoint: http://127.0.0.1:8080/v1\n"
            "    models: {small: NousResearch/Hermes-3-Llama-3.1-8B-GGUF}\n",
            [],
        ),
        ("  lab:\n    endpoint: https://192.168.1.20:8000/v1\n    models: {small: support-bot}\n", ["MC308"]),
        (
            "  lab:\n    endpoint: https://192.168.1.20:8000/v1\n    catalog_check: off\n"
            "    models: {small: support-bot}\n",
            [],
        ),
        (
            "  ollama:\n    endpoint: http://localhost:11434/v1\n    catalog_check: strict\n"
            "    models: {small: llama3.2}\n",
            ["MC301"],
        ),
        (
            "  tuned:\n    api: gemini\n    endpoint: https://generativelanguage.googleapis.com/v1beta\n"
            "    models: {medium: tunedModels/support-bot-7f3k2}\n",
            ["MC308"],
        ),
    ],
    ids=["ollama-family", "llamacpp-gguf", "lan-unknown-family", "off", "strict", "gemini-tuned"],
)
def test_local_servers_and_unreadable_fine_tunes(tmp_path: Path, provider: str, codes: list[str]) -> None:
    findings = _lint(tmp_path, provider)
    assert [d.code for d in findings] == codes
    assert all(d.severity is Severity.INFO for d in findings if d.code == "MC308")


def test_catalog_check_is_validated_with_a_suggestion(tmp_path: Path) -> None:
    provider = "  lab:\n    endpoint: https://192.168.1.20:8000/v1\n    catalog_check: family_only\n"
    path = tmp_path / "modelcfg.yaml"
    path.write_text("providers:\n" + provider + "    models: {small: llama3.2}\n", encoding="utf-8")
    [result] = lint_paths([str(path)], today=TODAY)
    assert [d.span.line for d in result.diagnostics] == [4]
    assert "family" in result.diagnostics[0].message + (result.diagnostics[0].hint or "")
