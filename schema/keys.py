"""The right key for a wrong one: data for "did you mean" on unknown keys.

Keys are snake_case. The seed guide (and Eliza configs) write camelCase and a few
other names for the same things; `suggest_key` maps those onto the keys a section
accepts, then falls back to the closest spelling.
"""

import difflib
import re
from collections.abc import Collection

from pydantic import BaseModel

#: Names from the seed guide and Eliza configs that are spelled differently here.
SEED_KEYS: dict[str, str] = {
    "maxInputTokens": "max_input_tokens",
    "maxOutputTokens": "max_output_tokens",
    "frequencyPenalty": "frequency_penalty",
    "presencePenalty": "presence_penalty",
    "repetitionPenalty": "repetition_penalty",
    "topP": "top_p",
    "topK": "top_k",
    "model": "models",
    "modelName": "id",
    "cacheEnabled": "cache",
    "imageSettings": "image",
    "apiKey": "api_key_env",
    "api_key": "api_key_env",
    "token": "api_key_env",
    "url": "endpoint",
    "baseURL": "endpoint",
    "base_url": "endpoint",
    "stdTTL": "ttl_s",
    "ttl": "ttl_s",
    "timeout": "timeout_s",
    "cacheDir": "path",
    "max_tokens": "max_output_tokens",
    "maxTokens": "max_output_tokens",
    "stop_sequences": "stop",
    "model_class": "class",
    "modelClass": "class",
}

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(key: str) -> str:
    """`maxInputTokens` -> `max_input_tokens`; `HTTPTimeout` -> `http_timeout`."""
    return _CAMEL_BOUNDARY.sub("_", key).replace("-", "_").lower()


def suggest_key(key: str, allowed: Collection[str]) -> str | None:
    """The allowed key ``key`` most likely means, or None when nothing is close."""
    for candidate in (SEED_KEYS.get(key), snake_case(key), SEED_KEYS.get(snake_case(key))):
        if candidate is not None and candidate in allowed:
            return candidate
    close = difflib.get_close_matches(snake_case(key), list(allowed), n=1, cutoff=0.75)
    return close[0] if close else None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    """Keys a config section accepts, as written in files (aliases such as `class` included)."""
    return sorted(field.alias or name for name, field in model.model_fields.items())
