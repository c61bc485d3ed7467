"""The catalog answers for every model the presets and the seed name."""

from datetime import date

import pytest
from modelcfg.profiles.catalog import CATALOG_PATH, Catalog, load_catalog, namespace_for
from modelcfg.schema import Capability

#: Every model the seed guide names, with what the catalog must say about it.
SEED_MODELS_KNOWN = {
    ("anthropic", "claude-3-5-haiku"): "claude-3-5-haiku-20241022",
    ("anthropic", "claude-3-5-sonnet-20241022"): "claude-3-5-sonnet-20241022",
    ("openai", "gpt-4o-mini"): "gpt-4o-mini",
    ("openai", "gpt-4o"): "gpt-4o",
    ("openai", "text-embedding-3-small"): "text-embedding-3-small",
    ("openai", "dall-e-3"): "dall-e-3",
}
#: Seed models no catalog lists (local GGUF builds, Heurist's gateway ids, a model that never existed).
SEED_MODELS_UNKNOWN = [
    "claude-3-5-opus-20240229",
    "NousResearch/Hermes-3-Llama-3.1-8B-GGUF",
    "togethercomputer/m2-bert-80M-32k-retrieval",
    "hermes-3-llama3.1-8b",
    "nvidia/llama-3.1-nemotron-70b-instruct",
    "FLUX.1-dev",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(("key", "resolved"), SEED_MODELS_KNOWN.items(), ids=lambda v: str(v))
def test_seed_models_are_known(catalog: Catalog, key: tuple[str, str], resolved: str) -> None:
    info = catalog.lookup(*key)
    assert info is not None and info.id == resolved and info.namespace == key[0]


@pytest.mark.parametrize("model_id", SEED_MODELS_UNKNOWN)
def test_seed_models_nobody_lists_are_unknown(catalog: Catalog, model_id: str) -> None:
    assert catalog.find(model_id) == []


def test_seed_opus_is_unknown_and_points_at_the_real_one(catalog: Catalog) -> None:
    assert catalog.lookup("anthropic", "claude-3-5-opus-20240229") is None
    assert catalog.nearest("anthropic", "claude-3-5-opus-20240229")[0] == "claude-3-opus-20240229"


def test_claude_3_opus_is_retired_with_its_small_output(catalog: Catalog) -> None:
    info = catalog.lookup("anthropic", "claude-3-opus-20240229")
    assert info is not None
    assert info.max_output_tokens == 4096 and info.max_input_tokens == 200000
    assert info.retired and info.is_retired()
    assert "claude-3-opus" in info.aliases
    assert info.first_seen is not None and info.retired_in is not None
    assert info.first_seen.day is not None and info.retired_in.day is not None
    assert info.first_seen.day < info.retired_in.day


def test_seed_claude_3_5_models_are_retired(catalog: Catalog) -> None:
    for model_id in ("claude-3-5-haiku", "claude-3-5-sonnet-20241022", "claude-3-5-haiku-latest"):
        info = catalog.lookup("anthropic", model_id)
        assert info is not None and info.retired and info.max_output_tokens == 8192


def test_gpt_4o_is_deprecated_with_a_successor(catalog: Catalog) -> None:
    info = catalog.lookup("openai", "gpt-4o")
    assert info is not None and not info.retired
    assert info.deprecation_date == date(2027, 1, 14) and info.successor == "gpt-6-luna"
    assert not info.is_retired(date(2026, 12, 31)) and info.is_retired(date(2027, 1, 14))


def test_embedding_facts(catalog: Catalog) -> None:
    small = catalog.lookup("openai", "text-embedding-3-small")
    ada = catalog.lookup("openai", "text-embedding-ada-002")
    assert small is not None and ada is not None
    assert (small.mode, small.output_vector_size, small.reducible_dimensions) == ("embedding", 1536, True)
    assert (ada.output_vector_size, ada.reducible_dimensions) == (1536, False)


def test_capabilities_are_schema_values(catalog: Catalog) -> None:
    values = {c.value for c in Capability}
    for info in catalog:
        assert set(info.capabilities) <= values, info.id
    sonnet = catalog.lookup("anthropic", "claude-sonnet-4-6")
    assert sonnet is not None and {"vision", "function_calling"} <= set(sonnet.capabilities)


def test_models_refusing_sampling_parameters(catalog: Catalog) -> None:
    opus = catalog.lookup("anthropic", "claude-opus-5-5")
    sonnet_4_6 = catalog.lookup("anthropic", "claude-sonnet-4-6")
    assert opus is not None and not opus.sampling_params
    assert sonnet_4_6 is not None and sonnet_4_6.sampling_params


def test_litellm_aliases(catalog: Catalog) -> None:
    assert catalog.resolve("anthropic", "claude-opus-latest") == "claude-opus-5-5"
    assert catalog.resolve("xai", "grok-latest") == "grok-4.7"
    assert catalog.resolve("openai", "gpt-4o") == "gpt-4o"


def test_routers_fall_back_to_the_vendor(catalog: Catalog) -> None:
    assert catalog.lookup("openrouter", "anthropic/claude-sonnet-4.6") is not None  # listed by LiteLLM
    info = catalog.lookup("openrouter", "anthropic/claude-haiku-5.5")
    assert info is not None and (info.namespace, info.id) == ("anthropic", "claude-haiku-5-5")
    assert catalog.lookup("redpill", "openai/gpt-6-luna") is not None
    assert catalog.lookup("groq", "openai/gpt-6-luna") is None  # only routers fall back


def test_a_namespace_that_vanished_from_the_new_copy_is_not_retired(catalog: Catalog) -> None:
    info = catalog.lookup("openrouter", "openai/gpt-4o")
    assert info is not None and info.namespace == "openrouter" and not info.retired


def test_groq_2024_models_are_retired(catalog: Catalog) -> None:
    info = catalog.lookup("groq", "llama-3.3-70b-versatile")
    assert info is not None and info.retired


@pytest.mark.parametrize(
    ("endpoint", "explicit", "expected"),
    [
        ("https://api.openai.com/v1", None, "openai"),
        ("https://api.anthropic.com/v1", None, "anthropic"),
        ("https://us-east5-aiplatform.googleapis.com/v1", None, "vertex_ai"),
        ("https://generativelanguage.googleapis.com/v1beta", None, "gemini"),
        ("https://api.x.ai/v1", None, "xai"),
        ("https://api.groq.com/openai/v1", None, "groq"),
        ("https://api.together.xyz/v1", None, "together_ai"),
        ("https://openrouter.ai/api/v1", None, "openrouter"),
        ("http://localhost:11434/v1", None, "ollama"),
        ("http://127.0.0.1:8080/v1", None, None),
        ("https://llm-gateway.heurist.xyz", None, None),
        ("https://gateway.internal.example/v1", "openai", "openai"),
        ("http://[::1]:bad/v1", None, None),
    ],
)
def test_namespace_for(endpoint: str, explicit: str | None, expected: str | None) -> None:
    assert namespace_for(endpoint, explicit) == expected


def test_load_is_cached_and_the_module_is_stdlib_only() -> None:
    assert load_catalog() is load_catalog()
    source = (CATALOG_PATH.parent / "catalog.py").read_text(encoding="utf-8")
    assert "pydantic" not in source and "modelcfg.schema" not in source
