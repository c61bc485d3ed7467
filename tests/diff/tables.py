"""Hand-built table bodies in the shape of docs/table-format.md, for diff tests."""

import copy
import json
from pathlib import Path
from typing import Any

from tests.tables import BREAKER, RETRY, envelope


def model(model_id: str, **overrides: Any) -> dict[str, Any]:
    """A chat model entry with every key the table carries."""
    entry: dict[str, Any] = {
        "id": model_id,
        "settings": {"temperature": 0.6, "stop": []},
        "max_input_tokens": 128000,
        "max_output_tokens": 16384,
        "dimensions": None,
        "capabilities": ["function_calling", "vision"],
        "embedding": None,
        "image": None,
        "rate_limits": None,
    }
    entry.update(overrides)
    return entry


def provider(
    endpoint: str, key_env: str | None, models: dict[str, Any], api: str = "openai"
) -> dict[str, Any]:
    return {
        "api": api,
        "endpoint": endpoint,
        "api_key_env": key_env,
        "token_command": None,
        "headers": {},
        "vertex": None,
        "timeout_s": 60.0,
        "enabled": True,
        "models": models,
    }


def chain(*pairs: str) -> list[dict[str, str]]:
    """Chain entries from "provider/class" strings."""
    return [{"provider": p.split("/")[0], "class": p.split("/")[1]} for p in pairs]


def staging() -> dict[str, Any]:
    """A small two-provider body: openai (small, large) and anthropic (large)."""
    return {
        "providers": {
            "anthropic": provider(
                "https://api.anthropic.com",
                "ANTHROPIC_API_KEY",
                {"large": model("claude-sonnet-4-5", max_input_tokens=200000, max_output_tokens=64000)},
                api="anthropic",
            ),
            "openai": provider(
                "https://api.openai.com/v1",
                "OPENAI_API_KEY",
                {
                    "small": model("gpt-4.1-mini", settings={"temperature": 0.3, "stop": ["END", "<|eot|>"]}),
                    "large": model("gpt-4.1"),
                },
            ),
        },
        "profiles": {"precise": {"temperature": 0.2, "frequency_penalty": 0.0, "presence_penalty": 0.0}},
        "selection": {
            "default_provider": "openai",
            "default_class": "medium",
            "default_profile": None,
            "rules": [{"when": {"speed": "fast"}, "class": "small", "provider": None, "profile": None}],
            "tasks": {"summarize": {"class": "small", "profile": "precise", "provider": None, "needs": []}},
        },
        "failover": {
            "chains": {
                "anthropic/large": chain("anthropic/large"),
                "openai/large": chain("openai/large", "anthropic/large"),
                "openai/small": chain("openai/small"),
            },
            "retry": copy.deepcopy(RETRY),
            "breaker": dict(BREAKER),
        },
        "cache": {
            "embeddings": {
                "memory": {"enabled": True, "ttl_s": 300.0, "max_entries": 10000},
                "disk": {
                    "enabled": False,
                    "path": ".cache/modelcfg/embeddings",
                    "size_limit_mb": 512,
                    "ttl_s": None,
                },
                "redis": {
                    "enabled": False,
                    "url_env": "MODELCFG_REDIS_URL",
                    "ttl_s": 604800.0,
                    "timeout_s": 0.05,
                    "key_prefix": "modelcfg:emb:",
                },
            }
        },
    }


def production() -> dict[str, Any]:
    """staging() with one change of each kind the diff presents."""
    body = copy.deepcopy(staging())
    openai = body["providers"]["openai"]
    openai["models"]["small"]["settings"]["stop"] = ["<|eot|>", "###"]  # set: -END +###
    openai["models"]["large"]["settings"]["temperature"] = 0.2
    openai["models"]["large"]["max_output_tokens"] = 32768
    openai["models"]["embedding"] = model(
        "text-embedding-3-small",
        settings={},
        max_input_tokens=8191,
        max_output_tokens=None,
        dimensions=1536,
        capabilities=[],
        embedding={"cache": True, "batch_size": 96},
    )
    body["providers"]["groq"] = provider(
        "https://api.groq.com/openai/v1", "GROQ_API_KEY", {"large": model("llama-3.3-70b-versatile")}
    )
    body["providers"]["anthropic"]["enabled"] = False
    chains = body["failover"]["chains"]
    chains["openai/large"] = chain("openai/large", "groq/large", "anthropic/large")
    chains["openai/embedding"] = chain("openai/embedding")
    chains["groq/large"] = chain("groq/large")
    body["profiles"]["precise"]["temperature"] = 0.1 + 0.2  # raised, and written with float noise
    body["failover"]["retry"]["retry_on_status"] = [504, 503, 502, 500, 429, 409, 408]  # same set
    body["selection"]["default_profile"] = "precise"
    return body


def write_table(path: Path, body: dict[str, Any], environment: str | None = None) -> Path:
    """Write a table file as `modelcfg compile` does (sorted keys, indent 2, LF)."""
    path.write_text(
        json.dumps(envelope(body, environment), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    )
    return path
