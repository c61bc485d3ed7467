"""camelCase keys are refused, and the right key is known."""

import pytest
from jsonschema import Draft7Validator
from modelcfg.schema import Document, EmbeddingOptions, MemoryTier, ModelSpec, Provider, Rule, Settings
from modelcfg.schema.keys import allowed_keys, snake_case, suggest_key
from pydantic import ValidationError

OPENAI = "https://api.openai.com/v1"


@pytest.mark.parametrize(
    ("key", "value"),
    [("maxInputTokens", 128000), ("maxOutputTokens", 8192), ("model", {"small": "gpt-6-luna"})],
)
def test_camel_case_provider_keys_are_refused(key: str, value: object) -> None:
    data = {"providers": {"openai": {"endpoint": OPENAI, key: value}}}
    with pytest.raises(ValidationError) as info:
        Document.model_validate(data)
    error = info.value.errors()[0]
    assert error["type"] == "extra_forbidden"
    assert error["loc"] == ("providers", "openai", key)
    from modelcfg.schema import document_schema

    assert not Draft7Validator(document_schema()).is_valid(data)


@pytest.mark.parametrize(
    ("model", "key", "expected"),
    [
        (Provider, "maxInputTokens", "max_input_tokens"),
        (Provider, "maxOutputTokens", "max_output_tokens"),
        (Provider, "model", "models"),
        (Provider, "apiKey", "api_key_env"),
        (Provider, "imageSettings", "image"),
        (Provider, "endpiont", "endpoint"),
        (Settings, "frequencyPenalty", "frequency_penalty"),
        (Settings, "topP", "top_p"),
        (Settings, "temprature", "temperature"),
        (ModelSpec, "modelName", "id"),
        (EmbeddingOptions, "cacheEnabled", "cache"),
        (MemoryTier, "stdTTL", "ttl_s"),
        (Rule, "model_class", "class"),
    ],
)
def test_suggest_key(model: type, key: str, expected: str) -> None:
    assert suggest_key(key, allowed_keys(model)) == expected


def test_nothing_close_suggests_nothing() -> None:
    assert suggest_key("xyzzy", allowed_keys(Provider)) is None
    assert suggest_key("maxInputTokens", allowed_keys(Settings)) is None


def test_snake_case() -> None:
    assert snake_case("maxInputTokens") == "max_input_tokens"
    assert snake_case("HTTPTimeout") == "http_timeout"
    assert snake_case("top-p") == "top_p"


def test_allowed_keys_use_aliases() -> None:
    assert "class" in allowed_keys(Rule)
    assert "model_class" not in allowed_keys(Rule)
