"""select(): the seed's selectOptimalModel driven by rules, tasks, windows and capabilities."""

from __future__ import annotations

import pytest
from modelcfg.runtime import NoModelFits, Runtime, SelectionError

from tests.runtime.tables import body, envelope, model, provider


def runtime(**kw) -> Runtime:
    providers = {
        "openai": provider(
            "openai",
            "https://api.openai.com/v1",
            {
                "small": model("gpt-4.1-mini", settings={"temperature": 0.6}),
                "medium": model("gpt-4.1", max_input_tokens=1_000_000),
                "large": model("o3", capabilities=["reasoning"], max_input_tokens=200_000),
            },
        ),
        "anthropic": provider(
            "anthropic",
            "https://api.anthropic.com/v1",
            {"large": model("claude-opus-4-1", max_input_tokens=200_000, capabilities=["vision"])},
        ),
        "off": provider("openai", "http://localhost:1/v1", {"large": model("local")}, enabled=False),
    }
    chains = {"openai/large": ["openai/large", "off/large", "anthropic/large"]}
    tasks = {"summarize": {"class": "small", "profile": "precise", "provider": None, "needs": []}}
    return Runtime.from_table(envelope(body(providers, chains, tasks=tasks, **kw)))


def test_seed_rules() -> None:
    rt = runtime()
    assert rt.select(speed="fast").model == "gpt-4.1-mini"
    assert rt.select(complexity="high").model == "o3"
    assert rt.select().model == "gpt-4.1"
    assert rt.select(speed="fast", complexity="high").model_class == "small"  # first rule wins


def test_task_applies_class_and_profile() -> None:
    choice = runtime().select(task="summarize")
    assert (choice.model, choice.profile) == ("gpt-4.1-mini", "precise")
    assert dict(choice.settings) == {"temperature": 0.2, "frequency_penalty": 0.0, "presence_penalty": 0.0}


def test_explicit_profile_wins_and_settings_are_frozen() -> None:
    choice = runtime().select(task="summarize", profile="creative")
    assert choice.settings["temperature"] == 0.8
    with pytest.raises(TypeError):
        choice.settings["temperature"] = 0.1  # type: ignore[index]


def test_needs_filter_the_chain_and_skip_disabled() -> None:
    choice = runtime().select(complexity="high", needs=["vision"])
    assert (choice.provider, choice.model) == ("anthropic", "claude-opus-4-1")
    assert [e.key for e in choice.chain] == ["anthropic/large"]


def test_nothing_fits_says_why_for_each_candidate() -> None:
    with pytest.raises(NoModelFits) as info:
        runtime().select(complexity="high", needs=["pdf_input"], min_context=300_000)
    reasons = info.value.reasons
    assert reasons == (
        "openai/large (o3) has a 200000-token window < min_context 300000",
        "off/large (local) is disabled",
        "anthropic/large (claude-opus-4-1) has a 200000-token window < min_context 300000",
    )


def test_min_context_rule() -> None:
    rules = [{"when": {"min_context": 500_000}, "class": "medium", "provider": None, "profile": "balanced"}]
    rt = runtime(rules=rules)
    assert rt.select(min_context=600_000).profile == "balanced"
    assert rt.select(min_context=1000).profile is None


def test_unknown_names_are_selection_errors() -> None:
    rt = runtime()
    with pytest.raises(SelectionError, match="unknown task `translate`; the table's tasks: summarize"):
        rt.select(task="translate")
    with pytest.raises(SelectionError, match="unknown profile `wild`"):
        rt.select(profile="wild")
    with pytest.raises(SelectionError, match="unknown provider `nope`"):
        rt.select(provider="nope")


def test_default_provider_without_the_class_falls_back_to_any_provider() -> None:
    rt = runtime(default_provider="anthropic")
    assert rt.select(speed="fast").provider == "openai"


def test_repeated_questions_return_the_same_choice() -> None:
    """A list and a tuple of needs ask the same question; asking again answers the same."""
    rt = runtime()
    first = rt.select(needs=["reasoning"], complexity="high", profile="precise")
    assert (first.provider, first.model_class, first.model) == ("openai", "large", "o3")
    again = rt.select(needs=("reasoning",), complexity="high", profile="precise")
    assert again == first
    assert rt.select(needs=["vision"], complexity="high").provider == "anthropic"
    assert rt.select(needs=["reasoning"], complexity="high", profile="precise") == first
