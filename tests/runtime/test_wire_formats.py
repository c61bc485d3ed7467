"""The adapters' requests match the official wire formats, and the emulator's responses parse
with the official SDKs, so neither side can drift from the real APIs.

Requests: OpenAI's OpenAPI description (jsonschema) and the SDKs' request types;
responses: openai / anthropic / google-genai response models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from modelcfg.runtime import Runtime
from modelcfg.runtime.adapters import openai as openai_adapter
from modelcfg.runtime.table import Entry, Provider
from pydantic import TypeAdapter

from tests.emulator import Emulator

# The component schemas the tests use, extracted from OpenAI's OpenAPI description (SOURCE.md there).
OPENAPI = Path(__file__).resolve().parent / "openai_openapi" / "schemas.json"
FULL_SETTINGS = {
    "temperature": 0.7,
    "top_p": 0.9,
    "top_k": 40,
    "frequency_penalty": 0.1,
    "presence_penalty": 0.2,
    "repetition_penalty": 1.1,
    "stop": ["END"],
    "seed": 42,
}


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return doc


def validate_openapi(doc: dict[str, Any], component: str, body: Any) -> set[str]:
    """Validate against a component schema; return the property names it documents."""
    schema = {**doc, "$ref": f"#/components/schemas/{component}"}
    Draft202012Validator(schema).validate(body)
    return _properties(doc, doc["components"]["schemas"][component])


def _properties(doc: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        return _properties(doc, doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        names |= _properties(doc, part)
    return names


def validate_typed_dict(td: Any, body: dict[str, Any]) -> None:
    TypeAdapter(td).validate_python(body)
    unknown = set(body) - (td.__required_keys__ | td.__optional_keys__)
    assert not unknown, f"keys the SDK does not know: {unknown}"


def settings_table(emu: Emulator) -> Runtime:
    from tests.runtime.tables import KEYS, body, envelope, model, provider

    chat = model("m", settings=FULL_SETTINGS, max_output_tokens=256)
    providers = {
        "openai": provider(
            "openai",
            emu.base("openai"),
            {
                "medium": chat,
                "embedding": model("e", dimensions=4, embedding={"cache": False, "batch_size": 10}),
                "image": model("i", image={"n": 1, "size": "1024x1024", "steps": 20}),
            },
            api_key_env="EMU_OPENAI_KEY",
        ),
        "anthropic": provider(
            "anthropic", emu.base("anthropic"), {"medium": chat}, api_key_env="EMU_ANTHROPIC_KEY"
        ),
        "vertex": provider(
            "anthropic-vertex",
            emu.base("vertex"),
            {"medium": chat},
            api_key_env="EMU_VERTEX_TOKEN",
            vertex={"project": "p", "region": "europe-west1"},
        ),
        "gemini": provider(
            "gemini",
            emu.base("gemini"),
            {
                "medium": chat,
                "embedding": model("ge", dimensions=4, embedding={"cache": False, "batch_size": 10}),
            },
            api_key_env="EMU_GEMINI_KEY",
        ),
    }
    return Runtime.from_table(envelope(body(providers)), environ=KEYS)


CONVERSATION = [
    {"role": "user", "content": "first"},
    {"role": "assistant", "content": "reply"},
]


@pytest.fixture
def exercised(emulator: Emulator) -> dict[str, Any]:
    """Run every operation of every protocol once; return {op: (request body, response json)}."""
    import httpx

    rt = settings_table(emulator)
    for name in ("openai", "anthropic", "vertex", "gemini"):
        rt.generate_text("second", messages=CONVERSATION, system="be terse", provider=name)
    rt.embed(["a", "b"])
    rt.embed(["a", "b"], provider="gemini")
    rt.generate_image("a fox")
    rt.close()
    out: dict[str, Any] = {}
    with httpx.Client() as client:
        for rec in list(emulator.requests):
            response = client.post(emulator.url + rec.path, json=rec.body)  # the same request, answered again
            out[f"{rec.api}:{rec.op}"] = (rec.body, response.json())
    return out


def test_openai_requests_match_the_openapi_description(
    exercised: dict[str, Any], openapi: dict[str, Any]
) -> None:
    body, _ = exercised["openai:chat"]
    known = validate_openapi(openapi, "CreateChatCompletionRequest", body)
    assert set(body) - known == {"top_k", "repetition_penalty"}  # extensions for non-OpenAI servers only
    body, _ = exercised["openai:embeddings"]
    assert set(body) <= validate_openapi(openapi, "CreateEmbeddingRequest", body)
    body, _ = exercised["openai:images"]
    assert set(body) - validate_openapi(openapi, "CreateImageRequest", body) == {"steps"}


def test_requests_to_openai_itself_carry_only_documented_keys(openapi: dict[str, Any]) -> None:
    import openai.types as ot
    import openai.types.chat as oc

    official = Provider(
        "openai", "openai", "https://api.openai.com/v1", None, None, {}, None, None, 60.0, True
    )
    entry = Entry(
        official, "medium", "gpt-4.1", FULL_SETTINGS, 1000, 100, None, frozenset(), None, None, None
    )
    request = openai_adapter.build_chat(entry, CONVERSATION, FULL_SETTINGS, 100, "sk-x")
    assert set(request.json) <= validate_openapi(openapi, "CreateChatCompletionRequest", request.json)
    assert request.json["max_completion_tokens"] == 100 and "top_k" not in request.json
    validate_typed_dict(oc.completion_create_params.CompletionCreateParamsNonStreaming, dict(request.json))
    image = openai_adapter.build_image(entry, "fox", {"steps": 20, "n": 1, "size": "1024x1024"}, None)
    assert "steps" not in image.json
    validate_typed_dict(ot.image_generate_params.ImageGenerateParamsNonStreaming, dict(image.json))


def test_openai_sdk_types_accept_requests_and_responses(exercised: dict[str, Any]) -> None:
    import openai.types as ot
    import openai.types.chat as oc

    body, response = exercised["openai:embeddings"]
    validate_typed_dict(ot.EmbeddingCreateParams, body)
    assert len(ot.CreateEmbeddingResponse.model_validate(response).data[0].embedding) == 4
    _, response = exercised["openai:chat"]
    assert oc.ChatCompletion.model_validate(response).choices[0].message.content == "echo: second"
    _, response = exercised["openai:images"]
    assert ot.ImagesResponse.model_validate(response).data


@pytest.mark.parametrize("op", ["anthropic:messages", "vertex:rawPredict"])
def test_anthropic_sdk_types_accept_requests_and_responses(exercised: dict[str, Any], op: str) -> None:
    import anthropic.types as at
    from anthropic.types import message_create_params

    body, response = exercised[op]
    assert body["system"] == "be terse" and body["stop_sequences"] == ["END"]
    assert body["messages"][0] == {"role": "user", "content": "first"}
    if op.startswith("vertex"):
        assert body.pop("anthropic_version") == "vertex-2023-10-16"
        body = {**body, "model": "claude"}
    # sampling goes to models that accept it; SDK 2.x types (written for Claude 5.5, which
    # refuses sampling) omit the three keys, so they are checked here and the rest by the SDK
    sampling = {k: body.pop(k) for k in ("temperature", "top_p", "top_k")}
    assert sampling == {k: FULL_SETTINGS[k] for k in sampling}
    validate_typed_dict(message_create_params.MessageCreateParamsNonStreaming, body)
    message = at.Message.model_validate(response)
    assert message.content[0].text == "echo: second"  # type: ignore[union-attr]


def test_gemini_sdk_types_accept_requests_and_responses(exercised: dict[str, Any]) -> None:
    from google.genai import types as gt

    body, response = exercised["gemini:generateContent"]
    assert set(body) == {"contents", "systemInstruction", "generationConfig"}
    assert [gt.Content.model_validate(c).role for c in body["contents"]] == ["user", "model", "user"]
    gt.Content.model_validate(body["systemInstruction"])
    config = gt.GenerationConfig.model_validate(body["generationConfig"])  # extra="forbid": no unknown keys
    assert (config.top_k, config.stop_sequences, config.max_output_tokens) == (40, ["END"], 256)
    parsed = gt.GenerateContentResponse.model_validate(response)
    assert parsed.text == "echo: second"
    body, response = exercised["gemini:batchEmbedContents"]
    for request in body["requests"]:
        assert set(request) == {"model", "content", "outputDimensionality"}
        gt.Content.model_validate(request["content"])
    embedded = gt.EmbedContentResponse.model_validate(response)
    assert [len(e.values or []) for e in embedded.embeddings or []] == [4, 4]
