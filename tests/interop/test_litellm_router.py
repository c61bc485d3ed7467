"""The exported LiteLLM config runs in the real `litellm` Router against the provider emulator.

The Router gets `model_list` and `router_settings` exactly as the proxy would pass them; a
completion reaches the endpoint our table names, and when that entry fails the Router falls
back along our failover chain.
"""

import copy
import os
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # litellm must not fetch its cost map at import

import litellm
import pytest
from modelcfg.compiler.interop import render
from modelcfg.compiler.interop.litellm_names import ACCEPTED_SETTINGS, settings_family
from ruamel.yaml import YAML

from tests.emulator import Emulator, status
from tests.interop.tables import envelope, hand_table


def emulated_table(emulator: Emulator) -> dict[str, Any]:
    """The hand table with every provider on the emulator and no retries (fallback is what we test)."""
    body = copy.deepcopy(hand_table()["body"])
    body["providers"]["openai"]["endpoint"] = emulator.base("openai")
    body["providers"]["anthropic"]["endpoint"] = emulator.base("anthropic")
    body["providers"]["local"]["endpoint"] = emulator.base("openai")
    body["failover"]["retry"]["attempts"] = 1
    return envelope(body)


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "emulator-openai-key")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "emulator-anthropic-key")


def router_from(text: str) -> Any:
    config = YAML(typ="safe").load(text)
    return litellm.Router(model_list=config["model_list"], **config["router_settings"])


def test_router_accepts_the_export_and_reaches_the_table_endpoint(emulator: Emulator, keys: None) -> None:
    router = router_from(render("litellm", emulated_table(emulator)))
    reply = router.completion(model="openai/large", messages=[{"role": "user", "content": "hello"}])
    assert reply.choices[0].message.content
    [sent] = emulator.requests
    assert (sent.api, sent.op, sent.model) == ("openai", "chat", "gpt-4.1")
    assert sent.headers["authorization"] == "Bearer emulator-openai-key"
    assert sent.body["temperature"] == 0.6 and sent.body["max_tokens"] == 32768


def test_router_falls_back_along_our_chain(emulator: Emulator, keys: None) -> None:
    router = router_from(render("litellm", emulated_table(emulator)))
    emulator.script("gpt-4.1", status(503))
    reply = router.completion(model="openai/large", messages=[{"role": "user", "content": "hello"}])
    assert reply.choices[0].message.content
    assert [(r.api, r.model) for r in emulator.requests] == [
        ("openai", "gpt-4.1"),
        ("anthropic", "claude-sonnet-4-5"),
    ]
    fallback = emulator.requests[1]
    assert fallback.path == "/anthropic/v1/messages"
    assert fallback.headers["x-api-key"] == "emulator-anthropic-key"
    assert fallback.body["top_k"] == 40 and fallback.body["temperature"] == 0.3


def test_class_alias_and_local_server_settings(emulator: Emulator, keys: None) -> None:
    router = router_from(render("litellm", emulated_table(emulator)))
    emulator.script("gpt-4.1-mini", status(500))
    router.completion(model="medium", messages=[{"role": "user", "content": "hi"}])
    first, second = emulator.requests
    assert (first.model, second.model) == ("gpt-4.1-mini", "hermes-3-llama-3.1-8b")
    assert second.body["repetition_penalty"] == 1.1
    assert second.body["stop"] == ["<|eot_id|>", "<|eom_id|>"]
    assert second.headers["x-title"] == "agent"


@pytest.mark.parametrize(
    ("prefix", "model"),
    [
        ("openai", "gpt-4.1"),
        ("groq", "llama-3.1-8b-instant"),
        ("xai", "grok-3"),
        ("openrouter", "openai/gpt-4.1"),
        ("anthropic", "claude-sonnet-4-5"),
        ("vertex_ai", "claude-opus-4-1"),
        ("gemini", "gemini-2.5-flash"),
    ],
)
def test_settings_we_send_are_ones_litellm_supports(prefix: str, model: str) -> None:
    """Our accepted settings agree with litellm's own (top_k is a provider-specific pass-through)."""
    supported = set(litellm.get_supported_openai_params(model=model, custom_llm_provider=prefix) or [])
    ours = ACCEPTED_SETTINGS[settings_family(prefix)] - {"top_k"}
    assert ours <= supported
    assert "max_tokens" in supported
