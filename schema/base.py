"""The pydantic base every config model shares: strict keys, immutable, built lazily."""

from typing import Any

from pydantic import BaseModel, ConfigDict

_UNITS = {"s": "(seconds)", "mb": "(MB)"}
_ACRONYMS = {"api": "API", "url": "URL", "ttl": "TTL", "rpm": "RPM", "tpm": "TPM", "id": "ID"}


def field_title(name: str, info: Any) -> str:
    """Editor title of a key: `cooldown_s` -> `Cooldown (seconds)`, `top_p` -> `Top p`."""
    words = [_ACRONYMS.get(word, word) for word in name.split("_")]
    if len(words) > 1 and words[-1] in _UNITS:
        words[-1] = _UNITS[words[-1]]
    title = " ".join(words)
    return title[:1].upper() + title[1:]


class ConfigModel(BaseModel):
    """A config section: unknown keys are errors, instances are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        validate_default=False,
        field_title_generator=field_title,
    )
