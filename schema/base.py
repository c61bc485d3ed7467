"""The pydantic base every config model shares: strict keys, immutable, built lazily."""

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict

#: Default values a section may share between documents (frozen sections are not listed:
#: a shared instance must not hand out anything mutable, however deep).
_IMMUTABLE = frozenset({type(None), str, int, float, bool})
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


# Named factories instead of `default_factory=list/dict`: pydantic asks every factory for its
# signature, and `inspect.signature` of a builtin parses its text signature (~0.5 ms a field).
def empty_list() -> list[Any]:
    """A fresh `[]` for `default_factory`."""
    return []


def empty_dict() -> dict[Any, Any]:
    """A fresh `{}` for `default_factory`."""
    return {}


def default_instance(model: type[M]) -> Callable[[], M]:
    """A default factory for a section: its defaults, made without building its own validator.

    `model()` would build a validator per nested section on first use (defer_build), and
    validating `{}` would then build a dozen of them; `model_construct()` fills the same
    defaults without one, so a document costs exactly one build.
    """

    shared: list[M] = []  # the one instance, once known to hold only immutable defaults

    def make() -> M:
        if shared:
            return shared[0]
        # Every value given: `model_construct()` alone asks pydantic for each field's default,
        # and pydantic re-inspects each default factory's signature on every such call.
        values = {
            name: info.default
            if info.default_factory is None
            else cast(Callable[[], Any], info.default_factory)()
            for name, info in model.model_fields.items()
            if not info.is_required()
        }
        instance = model.model_construct(set(), **values)
        if all(type(value) in _IMMUTABLE or isinstance(value, Enum) for value in values.values()):
            shared.append(instance)  # frozen, nothing inside to mutate: one instance serves all
        return instance

    return make
