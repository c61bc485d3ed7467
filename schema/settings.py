"""Sampling settings (and tuning profiles, which are named sets of them)."""

from pydantic import Field, StrictFloat, StrictInt, field_validator

from .base import ConfigModel


class Settings(ConfigModel):
    """Sampling settings sent with each request; unset fields are not sent."""

    temperature: StrictFloat | None = Field(
        default=None,
        ge=0,
        le=2,
        description="Sampling temperature: 0 is deterministic, 2 is wild.",
        examples=[0.6],
    )
    top_p: StrictFloat | None = Field(
        default=None,
        gt=0,
        le=1,
        description="Nucleus sampling: keep the smallest token set with this mass.",
        examples=[0.95],
    )
    top_k: StrictInt | None = Field(
        default=None,
        ge=1,
        description="Sample from the k most likely tokens (Anthropic, Gemini, local).",
        examples=[40],
    )
    frequency_penalty: StrictFloat | None = Field(
        default=None,
        ge=-2,
        le=2,
        description="Penalise tokens by how often they already appeared.",
        examples=[0.0],
    )
    presence_penalty: StrictFloat | None = Field(
        default=None,
        ge=-2,
        le=2,
        description="Penalise tokens that already appeared at all.",
        examples=[0.0],
    )
    repetition_penalty: StrictFloat | None = Field(
        default=None,
        gt=0,
        le=10,
        description="Multiplicative repeat penalty (local/OpenAI-compatible servers); 1.0 means off.",
        examples=[1.1],
    )
    stop: list[str] | None = Field(
        default=None,
        description="Stop sequences; generation ends before any of them.",
        examples=[["<|eot_id|>", "<|eom_id|>"]],
    )
    seed: StrictInt | None = Field(
        default=None,
        description="Seed for reproducible sampling where the API supports it.",
        examples=[42],
    )

    @field_validator("repetition_penalty", mode="before")
    @classmethod
    def _penalty_above_zero(cls, value: object) -> object:
        # Runs before the gt=0 bound so the seed's `repetition_penalty: 0.0` gets a message that says why.
        if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
            raise ValueError(
                f"repetition_penalty {value} is not a valid penalty: 1.0 means off and values above 1 "
                "discourage repeats; use 1.0 or remove the key"
            )
        return value

    @field_validator("stop")
    @classmethod
    def _no_empty_stop(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(s == "" for s in value):
            raise ValueError("stop sequences must not be empty strings")
        return value


class TokenWindow(ConfigModel):
    """Token limits: how much context goes in, how much text may come out."""

    max_input_tokens: StrictInt | None = Field(
        default=None,
        gt=0,
        description="Most tokens of context sent to the model.",
        examples=[128000],
    )
    max_output_tokens: StrictInt | None = Field(
        default=None,
        gt=0,
        description="Most tokens the model may generate per request.",
        examples=[8192],
    )
