"""Selection (which class, provider and profile serve a request) and failover."""

from typing import Literal

from pydantic import Field, StrictBool, StrictFloat, StrictInt, field_validator

from .base import ConfigModel, default_instance, empty_dict, empty_list
from .classes import Capability, ModelClass, Scope

Speed = Literal["fast", "normal", "slow"]
Complexity = Literal["low", "medium", "high"]
ChainRef = str  # "provider" (same class) or "provider/class"


class Condition(ConfigModel):
    """What a request must state for a rule to match; every given field must hold."""

    speed: Speed | None = Field(default=None, description="Matches requests asking for this speed.")
    complexity: Complexity | None = Field(default=None, description="Matches this task complexity.")
    min_context: StrictInt | None = Field(
        default=None, gt=0, description="Matches requests needing at least this many context tokens."
    )
    needs: list[Capability] = Field(
        default_factory=empty_list, description="Matches requests needing all of these capabilities."
    )
    task: str | None = Field(default=None, description="Matches requests for this named task.")


class Rule(ConfigModel):
    """If a request matches `when`, serve it from `class` (first matching rule wins)."""

    when: Condition = Field(
        default_factory=default_instance(Condition), description="Condition; empty matches everything."
    )
    model_class: ModelClass = Field(alias="class", description="Model class to use.", examples=["small"])
    provider: str | None = Field(default=None, description="Provider to use; default_provider if unset.")
    profile: str | None = Field(default=None, description="Tuning profile to apply.")


class Task(ConfigModel):
    """A named task an agent asks for (`summarize`, `chat`) mapped to class and profile."""

    model_class: ModelClass = Field(alias="class", description="Model class serving this task.")
    profile: str | None = Field(default=None, description="Tuning profile to apply.", examples=["precise"])
    provider: str | None = Field(default=None, description="Provider; default_provider if unset.")
    needs: list[Capability] = Field(default_factory=empty_list, description="Capabilities the task requires.")


def _seed_rules() -> list[Rule]:
    """The seed's selectOptimalModel: fast → small, high complexity → large, else medium."""
    return [
        Rule.model_construct(when=Condition.model_construct(speed="fast"), model_class=ModelClass.SMALL),
        Rule.model_construct(when=Condition.model_construct(complexity="high"), model_class=ModelClass.LARGE),
    ]


class Selection(ConfigModel):
    """Rules from request requirements to a model class, and named tasks."""

    default_provider: str | None = Field(
        default=None,
        description="Provider used when none is named; the first enabled provider if unset.",
        examples=["openai"],
    )
    default_class: ModelClass = Field(default=ModelClass.MEDIUM, description="Class when no rule matches.")
    default_profile: str | None = Field(default=None, description="Profile applied when none is named.")
    rules: list[Rule] = Field(default_factory=_seed_rules, description="Tried in order; first match wins.")
    tasks: dict[str, Task] = Field(default_factory=empty_dict, description="Named tasks.")


class RetryPolicy(ConfigModel):
    """How often one chain entry is retried before failing over (stamina-style)."""

    attempts: StrictInt = Field(
        default=3, ge=1, le=20, description="Tries per chain entry, the first included."
    )
    backoff_initial_s: StrictFloat = Field(default=0.5, ge=0, description="Wait before the second try.")
    backoff_max_s: StrictFloat = Field(default=8.0, ge=0, description="Longest wait between tries.")
    backoff_multiplier: StrictFloat = Field(default=2.0, ge=1, description="Growth of the wait per try.")
    jitter_s: StrictFloat = Field(default=0.25, ge=0, description="Random extra wait, 0 to this, per try.")
    total_timeout_s: StrictFloat = Field(
        default=120.0, gt=0, description="Give up on the request after this."
    )
    retry_on_status: list[StrictInt] = Field(
        default_factory=lambda: [408, 409, 429, 500, 502, 503, 504],
        description="HTTP statuses that are retried (every 5xx too, while `retry_on_server_errors` is on).",
    )
    honor_retry_after: StrictBool = Field(default=True, description="Wait as Retry-After/retry-after-ms say.")
    retry_on_server_errors: StrictBool = Field(
        default=True,
        description=(
            "Also retry every 5xx status (501, 505, Anthropic's 529 overloaded…), as the official SDKs "
            "do; false retries only `retry_on_status`."
        ),
    )

    @field_validator("retry_on_status")
    @classmethod
    def _statuses(cls, value: list[int]) -> list[int]:
        bad = [s for s in value if not 100 <= s <= 599]
        if bad:
            raise ValueError(f"HTTP statuses must be 100–599 (got {bad[0]})")
        return value


class Breaker(ConfigModel):
    """Circuit breaker per provider+model: stop calling an entry that keeps failing."""

    failure_threshold: StrictInt = Field(default=5, ge=1, description="Consecutive failures that open it.")
    cooldown_s: StrictFloat = Field(default=30.0, gt=0, description="Open time before a half-open probe.")
    scope: Scope = Field(default=Scope.PROCESS, description="`redis` shares breaker state fleet-wide.")
    redis_url_env: str = Field(default="MODELCFG_REDIS_URL", description="Env var with the Redis URL.")


class Failover(ConfigModel):
    """Ordered fallback chains, retry policy and circuit breaker."""

    chains: dict[str, list[ChainRef]] = Field(
        default_factory=empty_dict,
        description="Per `provider/class`: entries tried after it, as `provider` or `provider/class`.",
        examples=[{"openai/large": ["anthropic/large", "groq"]}],
    )
    context_window_chains: dict[str, list[ChainRef]] = Field(
        default_factory=empty_dict,
        description="Per `provider/class`: entries tried only when a request exceeds its context "
        "window (LiteLLM's context_window_fallbacks); other errors follow `chains`.",
        examples=[{"openai/small": ["openai/large"]}],
    )
    retry: RetryPolicy = Field(
        default_factory=default_instance(RetryPolicy), description="Retries per entry."
    )
    breaker: Breaker = Field(default_factory=default_instance(Breaker), description="Circuit breaker.")
