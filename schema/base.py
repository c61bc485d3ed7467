"""The pydantic base every config model shares: strict keys, immutable, built lazily."""

from collections.abc import Callable
from typing import Any, TypeVar

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


M = TypeVar("M", bound=BaseModel)


def default_instance(model: type[M]) -> Callable[[], M]:
    """A default factory for a section: its defaults, made without building its own validator.

    `model()` would build a validator per nested section on first use (defer_build), and
    validating `{}` would then build a dozen of them; `model_construct()` fills the same
    defaults without one, so a document costs exactly one build.
    """

    def make() -> M:
        return model.model_construct()

    return make
