"""JSON Schema (draft-07) of the compiled table, for consumers in other languages."""

from typing import Any

from modelcfg.schema.classes import CLASS_NAMES

__all__ = ["TABLE_SCHEMA_ID", "table_schema"]

TABLE_SCHEMA_ID = "https://modelcfg.dev/schema/modelcfg.table.schema.json"


def _obj(properties: dict[str, Any], *, required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties) if required is None else required,
        "additionalProperties": False,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_STR = {"type": "string"}
_INT = {"type": "integer"}
_NUM = {"type": "number"}
_BOOL = {"type": "boolean"}
_CLASS = {"enum": list(CLASS_NAMES)}
_SCOPE = {"enum": ["process", "redis"]}


def _settings() -> dict[str, Any]:
    props = {
        "temperature": _NUM,
        "top_p": _NUM,
        "top_k": _INT,
        "frequency_penalty": _NUM,
        "presence_penalty": _NUM,
        "repetition_penalty": _NUM,
        "stop": {"type": "array", "items": _STR},
        "seed": _INT,
    }
    return _obj(props, required=[])


def _model() -> dict[str, Any]:
    rate_limits = _obj(
        {
            "rpm": _nullable(_INT),
            "tpm": _nullable(_INT),
            "max_concurrency": _nullable(_INT),
            "scope": _SCOPE,
            "redis_url_env": _STR,
            "max_wait_s": _NUM,
            "local_share": _NUM,
        }
    )
    model = {
        "id": _STR,
        "settings": {"$ref": "#/definitions/settings"},
        "max_input_tokens": _nullable(_INT),
        "max_output_tokens": _nullable(_INT),
        "dimensions": _nullable(_INT),
        "capabilities": {"type": "array", "items": _STR},
        "embedding": _nullable(_obj({"cache": _BOOL, "batch_size": _INT})),
        "image": _nullable(_obj({"steps": _nullable(_INT), "size": _nullable(_STR), "n": _INT})),
        "rate_limits": _nullable(rate_limits),
        "unsupported_settings": {"type": "array", "items": _STR},
    }
    # chat classes only: the settings a request to this model leaves out
    return _obj(model, required=sorted(set(model) - {"unsupported_settings"}))


def _provider() -> dict[str, Any]:
    return _obj(
        {
            "api": {"enum": ["openai", "anthropic", "anthropic-vertex", "gemini"]},
            "endpoint": _STR,
            "api_key_env": _nullable(_STR),
            "token_command": _nullable({"type": "array", "items": _STR}),
            "headers": {"type": "object", "additionalProperties": _STR},
            "vertex": _nullable(_obj({"project": _STR, "region": _STR})),
            "timeout_s": _NUM,
            "enabled": _BOOL,
            "models": {
                "type": "object",
                "propertyNames": _CLASS,
                "additionalProperties": {"$ref": "#/definitions/model"},
            },
        }
    )


def _selection() -> dict[str, Any]:
    when = {
        "type": "object",
        "properties": {
            "speed": {"enum": ["fast", "normal", "slow"]},
            "complexity": {"enum": ["low", "medium", "high"]},
            "min_context": _INT,
            "needs": {"type": "array", "items": _STR},
            "task": _STR,
        },
        "additionalProperties": False,
    }
    rule = _obj({"when": when, "class": _CLASS, "provider": _nullable(_STR), "profile": _nullable(_STR)})
    task = _obj(
        {
            "class": _CLASS,
            "profile": _nullable(_STR),
            "provider": _nullable(_STR),
            "needs": {"type": "array", "items": _STR},
        }
    )
    return _obj(
        {
            "default_provider": _nullable(_STR),
            "default_class": _CLASS,
            "default_profile": _nullable(_STR),
            "rules": {"type": "array", "items": rule},
            "tasks": {"type": "object", "additionalProperties": task},
        }
    )


def _failover() -> dict[str, Any]:
    entry = _obj({"provider": _STR, "class": _CLASS})
    retry_props = {
        "attempts": _INT,
        "backoff_initial_s": _NUM,
        "backoff_max_s": _NUM,
        "backoff_multiplier": _NUM,
        "jitter_s": _NUM,
        "total_timeout_s": _NUM,
        "retry_on_status": {"type": "array", "items": _INT},
        "honor_retry_after": _BOOL,
        "retry_on_server_errors": _BOOL,
    }
    # tables compiled before retry_on_server_errors existed lack it (the runtime then assumes true)
    retry = _obj(retry_props, required=sorted(set(retry_props) - {"retry_on_server_errors"}))
    breaker = _obj({"failure_threshold": _INT, "cooldown_s": _NUM, "scope": _SCOPE, "redis_url_env": _STR})
    chains = {
        "type": "object",
        "propertyNames": {"pattern": f"^[^/]+/({'|'.join(CLASS_NAMES)})$"},
        "additionalProperties": {"type": "array", "items": entry, "minItems": 1},
    }
    schema = _obj({"chains": chains, "retry": retry, "breaker": breaker})
    # Only in tables of projects that configure one (keeps every other table's hash).
    schema["properties"]["context_window_chains"] = {
        **chains,
        "additionalProperties": {"type": "array", "items": entry},
    }
    return schema


def _cache() -> dict[str, Any]:
    memory = _obj({"enabled": _BOOL, "ttl_s": _NUM, "max_entries": _INT})
    disk = _obj({"enabled": _BOOL, "path": _nullable(_STR), "size_limit_mb": _INT, "ttl_s": _nullable(_NUM)})
    redis = _obj({"enabled": _BOOL, "url_env": _STR, "ttl_s": _NUM, "timeout_s": _NUM, "key_prefix": _STR})
    return _obj({"embeddings": _obj({"memory": memory, "disk": disk, "redis": redis})})


def table_schema() -> dict[str, Any]:
    """The schema of `modelcfg compile`'s output (docs/table-format.md)."""
    source = _obj({"layer": _STR, "path": _STR, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}})
    body = _obj(
        {
            "providers": {"type": "object", "additionalProperties": {"$ref": "#/definitions/provider"}},
            "profiles": {"type": "object", "additionalProperties": {"$ref": "#/definitions/settings"}},
            "selection": _selection(),
            "failover": _failover(),
            "cache": _cache(),
        }
    )
    envelope = _obj(
        {
            "format": {"const": 1},
            "content_hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
            "environment": _nullable(_STR),
            "sources": {"type": "array", "items": source},
            "body": body,
        }
    )
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": TABLE_SCHEMA_ID,
        "title": "modelcfg compiled table",
        **envelope,
        "definitions": {"settings": _settings(), "model": _model(), "provider": _provider()},
    }
