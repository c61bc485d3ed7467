"""Fine-tuned ids inherit their base; local servers are checked by family; nothing else is guessed."""

import pytest
from modelcfg.profiles.catalog import Catalog, load_catalog
from modelcfg.profiles.finetune import fine_tune_of
from modelcfg.profiles.local import is_private_endpoint, local_family
from modelcfg.profiles.verdict import check_mode, judge


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_an_openai_fine_tune_inherits_its_base(catalog: Catalog) -> None:
    tuned = catalog.lookup("openai", "ft:gpt-4o-mini-2024-07-18:my-org:support-bot:9abcXYZ1")
    base = catalog.lookup("openai", "gpt-4o-mini-2024-07-18")
    assert tuned is not None and base is not None
    assert tuned.id == "ft:gpt-4o-mini-2024-07-18:my-org:support-bot:9abcXYZ1"
    assert tuned.fine_tuned_from == "gpt-4o-mini-2024-07-18"
    assert (tuned.mode, tuned.max_input_tokens, tuned.max_output_tokens) == (
        base.mode, base.max_input_tokens, base.max_output_tokens,
    )  # fmt: skip
    assert (tuned.deprecation_date, tuned.first_seen, tuned.retired) == (
        base.deprecation_date, base.first_seen, base.retired,
    )  # fmt: skip


def test_a_fine_tune_of_a_retired_base_is_retired(catalog: Catalog) -> None:
    tuned = catalog.lookup("openai", "ft:gpt-3.5-turbo-0613:acme::7p4lURel")
    assert tuned is not None and tuned.retired and tuned.fine_tuned_from == "gpt-3.5-turbo-0613"


def test_an_undated_base_resolves_through_its_alias(catalog: Catalog) -> None:
    tuned = catalog.lookup("anthropic", "ft:claude-3-5-haiku:acme::x1")
    assert tuned is not None and tuned.fine_tuned_from == "claude-3-5-haiku-20241022"


def test_a_together_account_model_inherits_the_longest_base_prefix(catalog: Catalog) -> None:
    prefix = "meta-llama/Meta-Llama-3.1-8B-Instruct"
    base = next(m for m in catalog.ids("together_ai") if m.startswith(prefix))
    name = base.split("/", 1)[1]
    tuned = catalog.lookup("together_ai", f"acme/{name}-support-bot-6c0b9ec6")
    assert tuned is not None and tuned.fine_tuned_from is not None
    assert tuned.fine_tuned_from.split("/", 1)[1].startswith("Meta-Llama-3.1-8B-Instruct")


def test_a_fireworks_account_model_inherits_its_base_when_its_name_starts_with_one(catalog: Catalog) -> None:
    tuned = catalog.lookup("fireworks_ai", "accounts/acme/models/deepseek-r1-support-bot")
    assert tuned is not None and tuned.fine_tuned_from == "accounts/fireworks/models/deepseek-r1"


def test_account_shapes_elsewhere_are_not_fine_tunes(catalog: Catalog) -> None:
    assert catalog.lookup("openrouter", "anthropic/claude-3-5-opus") is None  # no prefix guessing


@pytest.mark.parametrize(
    ("model_id", "shape", "base"),
    [
        ("ft:gpt-4o-mini-2024-07-18:my-org:support-bot:9abcXYZ1", "openai", "gpt-4o-mini-2024-07-18"),
        ("ft:gpt-4o-2024-08-06:my-org::9abcXYZ1", "openai", "gpt-4o-2024-08-06"),
        ("davinci:ft-acme-2023-01-01-00-00-00", "openai", "davinci-002"),
        ("projects/123/locations/us-central1/endpoints/456", "vertex", None),
        ("tunedModels/support-bot-7f3k2", "gemini", None),
        ("accounts/acme/models/support-bot", "fireworks", "support-bot"),
        ("acme/Meta-Llama-3-8B-Instruct-bot-1a2b", "account", "Meta-Llama-3-8B-Instruct-bot-1a2b"),
    ],
)
def test_fine_tune_shapes(model_id: str, shape: str, base: str | None) -> None:
    tune = fine_tune_of(model_id)
    assert tune is not None and (tune.shape, tune.base) == (shape, base)


def test_fireworks_own_models_and_plain_ids_are_not_fine_tunes() -> None:
    assert fine_tune_of("accounts/fireworks/models/deepseek-r1") is None
    assert fine_tune_of("gpt-4o") is None


def test_fine_tunes_whose_base_cannot_be_read_are_unverifiable_not_unknown(catalog: Catalog) -> None:
    for namespace, model_id in [
        ("vertex_ai", "projects/123/locations/us-central1/endpoints/456"),
        ("gemini", "tunedModels/support-bot-7f3k2"),
        ("openai", "ft:gpt-9-preview:acme::x1"),
        ("fireworks_ai", "accounts/acme/models/support-bot"),
    ]:
        assert judge(catalog, namespace, model_id, "strict").kind == "unverifiable", model_id


@pytest.mark.parametrize(
    ("endpoint", "private"),
    [
        ("http://localhost:11434", True),
        ("http://127.0.0.1:8080/v1", True),
        ("http://[::1]:8080/v1", True),
        ("http://192.168.1.20:8000/v1", True),
        ("http://10.0.0.5/v1", True),
        ("http://172.16.4.2:1234/v1", True),
        ("http://100.101.102.103:11434", True),  # CGNAT (Tailscale)
        ("http://gpu-box.local:8000/v1", True),
        ("http://host.docker.internal:1234/v1", True),
        ("https://api.openai.com/v1", False),
        ("https://8.8.8.8/v1", False),
        ("https://llm-gateway.heurist.xyz", False),
    ],
)
def test_private_endpoints(endpoint: str, private: bool) -> None:
    assert is_private_endpoint(endpoint) is private


@pytest.mark.parametrize(
    ("model_id", "family"),
    [
        ("llama3.2", "llama"),
        ("llama3.2:3b-instruct-q4_K_M", "llama"),
        ("NousResearch/Hermes-3-Llama-3.1-8B-GGUF", "hermes"),
        ("qwen2.5-coder:7b", "qwen"),
        ("nomic-embed-text", "nomic-embed"),
        ("togethercomputer/m2-bert-80M-32k-retrieval", "bert"),
        ("my-support-bot", None),
    ],
)
def test_local_families(model_id: str, family: str | None) -> None:
    assert local_family(model_id) == family


def test_check_mode_defaults_to_family_for_private_endpoints_without_a_namespace() -> None:
    assert check_mode("http://localhost:8080/v1", None, None) == "family"
    assert check_mode("http://localhost:4000/v1", "openai", None) == "strict"  # a proxy serving OpenAI names
    assert check_mode("https://api.openai.com/v1", None, None) == "strict"
    assert check_mode("http://localhost:8080/v1", None, "strict") == "strict"
    assert check_mode("https://api.openai.com/v1", None, "off") == "off"


def test_local_names_are_judged_by_family(catalog: Catalog) -> None:
    assert judge(catalog, None, "NousResearch/Hermes-3-Llama-3.1-8B-GGUF", "family").kind == "local"
    assert judge(catalog, "ollama", "llama3.2", "family").kind == "local"
    known = judge(catalog, "ollama", "llama3.1:latest", "family")
    assert known.kind == "known" and known.info is not None and known.info.id == "llama3.1"
    assert judge(catalog, None, "my-support-bot", "family").kind == "unverifiable"
    assert judge(catalog, "openai", "gpt-4o-turbo-max", "off").kind == "unchecked"
    assert judge(catalog, "openai", "gpt-4o-turbo-max", "strict").kind == "unknown"
