"""Build table envelopes per docs/table-format.md for tests (the compiler's output shape)."""

from __future__ import annotations

import copy
from typing import Any

from tests.emulator import Emulator
from tests.tables import BREAKER, CACHE_OFF, RETRY, envelope

API_MOUNT = {"openai": "openai", "anthropic": "anthropic", "anthropic-vertex": "vertex", "gemini": "gemini"}


#: Every field of a compiled table's `rate_limits`; a test names only those it is about.
RATE_LIMIT_DEFAULTS: dict[str, Any] = {
    "rpm": None,
    "tpm": None,
    "max_concurrency": None,
    "scope": "process",
    "redis_url_env": "MODELCFG_REDIS_URL",
    "max_wait_s": 5.0,
    "local_share": 0.5,
}


def model(model_id: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": model_id,
        "settings": {},
        "max_input_tokens": 128000,
        "max_output_tokens": 4096,
        "dimensions": None,
        "capabilities": [],
        "embedding": None,
        "image": None,
        "rate_limits": None,
    }
    out.update(extra)
    if out["rate_limits"] is not None:
        out["rate_limits"] = {**RATE_LIMIT_DEFAULTS, **out["rate_limits"]}
    return out


def provider(api: str, endpoint: str, models: dict[str, Any], **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "api": api,
        "endpoint": endpoint,
        "api_key_env": None,
        "token_command": None,
        "headers": {},
        "vertex": None,
        "timeout_s": 5.0,
        "enabled": True,
        "models": models,
    }
    out.update(extra)
    return out


def body(
    providers: dict[str, Any],
    chains: dict[str, list[str]] | None = None,
    *,
    default_provider: str | None = None,
    retry: dict[str, Any] | None = None,
    breaker: dict[str, Any] | None = None,
    rules: list[dict[str, Any]] | None = None,
    tasks: dict[str, Any] | None = None,
    profiles: dict[str, Any] | None = None,
    default_profile: str | None = None,
) -> dict[str, Any]:
    """A table body; chains are written "provider/class" lists (head first) and expanded."""
    resolved = {
        key: [{"provider": ref.split("/")[0], "class": ref.split("/")[1]} for ref in refs]
        for key, refs in (chains or {}).items()
    }
    for name, p in providers.items():
        for cls in p["models"]:
            resolved.setdefault(f"{name}/{cls}", [{"provider": name, "class": cls}])
    return {
        "providers": providers,
        "profiles": profiles
        if profiles is not None
        else {
            "creative": {"temperature": 0.8, "frequency_penalty": 0.7, "presence_penalty": 0.7},
            "balanced": {"temperature": 0.5, "frequency_penalty": 0.3, "presence_penalty": 0.3},
            "precise": {"temperature": 0.2, "frequency_penalty": 0.0, "presence_penalty": 0.0},
        },
        "selection": {
            "default_provider": default_provider or next(iter(providers)),
            "default_class": "medium",
            "default_profile": default_profile,
            "rules": rules
            if rules is not None
            else [
                {"when": {"speed": "fast"}, "class": "small", "provider": None, "profile": None},
                {"when": {"complexity": "high"}, "class": "large", "provider": None, "profile": None},
            ],
            "tasks": tasks or {},
        },
        "failover": {
            "chains": resolved,
            "retry": {**RETRY, **(retry or {})},
            "breaker": {**BREAKER, **(breaker or {})},
        },
        "cache": copy.deepcopy(CACHE_OFF),
    }


def four_apis(emu: Emulator, **kw: Any) -> dict[str, Any]:
    """One provider per wire protocol, all served by the emulator; openai has every class."""
    providers = {
        "openai": provider(
            "openai",
            emu.base("openai"),
            {
                "small": model("gpt-small", settings={"temperature": 0.6, "stop": []}),
                "medium": model("gpt-medium", settings={"temperature": 0.6}),
                "large": model("gpt-large", capabilities=["function_calling", "vision"]),
                "embedding": model(
                    "emb-openai",
                    max_input_tokens=8192,
                    dimensions=16,
                    embedding={"cache": True, "batch_size": 3},
                ),
                "image": model("img-openai", image={"steps": 20, "size": "1024x1024", "n": 1}),
            },
            api_key_env="EMU_OPENAI_KEY",
        ),
        "anthropic": provider(
            "anthropic",
            emu.base("anthropic"),
            {"medium": model("claude-medium", settings={"temperature": 0.3, "top_k": 40, "stop": ["###"]})},
            api_key_env="EMU_ANTHROPIC_KEY",
        ),
        "vertex": provider(
            "anthropic-vertex",
            emu.base("vertex"),
            {"medium": model("claude-vertex-medium")},
            api_key_env="EMU_VERTEX_TOKEN",
            vertex={"project": "proj-1", "region": "us-east5"},
        ),
        "gemini": provider(
            "gemini",
            emu.base("gemini"),
            {
                "medium": model("gemini-medium", settings={"temperature": 0.4, "top_p": 0.9}),
                "embedding": model("gemini-emb", dimensions=12, embedding={"cache": True, "batch_size": 100}),
            },
            api_key_env="EMU_GEMINI_KEY",
        ),
    }
    return envelope(body(providers, default_provider="openai", **kw))


KEYS = {
    "EMU_OPENAI_KEY": "sk-test-openai-SECRET",
    "EMU_ANTHROPIC_KEY": "sk-ant-test-SECRET",
    "EMU_VERTEX_TOKEN": "ya29.test-SECRET",
    "EMU_GEMINI_KEY": "AIza-test-SECRET",
}


def with_retry(table: dict[str, Any], **retry: Any) -> dict[str, Any]:
    b = copy.deepcopy(table["body"])
    b["failover"]["retry"].update(retry)
    return envelope(b)
