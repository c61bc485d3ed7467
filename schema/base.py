"""The pydantic base every config model shares: strict keys, immutable, built lazily."""

from pydantic import BaseModel, ConfigDict


class ConfigModel(BaseModel):
    """A config section: unknown keys are errors, instances are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        populate_by_name=True,
        validate_default=False,
    )
