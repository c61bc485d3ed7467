"""A provider: where to connect, how to authenticate, which model serves each class."""

import functools
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, StrictBool, StrictFloat, StrictInt, field_validator

from .base import ConfigModel, default_instance, empty_dict
from .catalog import CatalogCheck
from .classes import Capability, ModelClass, Scope, WireApi
from .secrets import ENV_NAME_RE, find_secret, secret_kind
from .settings import Settings, TokenWindow


class RateLimits(ConfigModel):
    """Request and token budgets; absent means unlimited."""

    rpm: StrictInt | None = Field(default=None, gt=0, description="Requests per minute.", examples=[500])
    tpm: StrictInt | None = Field(
        default=None, gt=0, description="Tokens per minute (input + output).", examples=[200000]
    )
    max_concurrency: StrictInt | None = Field(default=None, gt=0, description="Requests in flight at once.")
    scope: Scope = Field(
        default=Scope.PROCESS,
        description="`process` keeps the budget per process; `redis` shares it fleet-wide.",
    )
    redis_url_env: str = Field(
        default="MODELCFG_REDIS_URL",
        description="Environment variable holding the Redis URL for `scope: redis`.",
    )
    max_wait_s: StrictFloat = Field(
        default=5.0,
        ge=0,
        description="Longest a request waits for a slot before failing over or raising RateLimited.",
    )
    local_share: StrictFloat = Field(
        default=0.5,
        gt=0,
        le=1,
        description="Share of the limit each process keeps to while Redis is unreachable.",
    )


class EmbeddingOptions(ConfigModel):
    """How embeddings are requested and cached."""

    dimensions: StrictInt | None = Field(
        default=None, gt=0, description="Vector size to request and expect.", examples=[1536]
    )
    cache: StrictBool = Field(
        default=True, description="Cache vectors in the tiers under `cache.embeddings`."
    )
    batch_size: StrictInt = Field(default=96, gt=0, le=2048, description="Texts sent per embeddings request.")


class ImageOptions(ConfigModel):
    """Image generation defaults."""

    steps: StrictInt | None = Field(
        default=None, gt=0, le=500, description="Diffusion steps (FLUX, SD).", examples=[20]
    )
    size: str | None = Field(
        default=None, pattern=r"^\d+x\d+$", description="Image size as WIDTHxHEIGHT.", examples=["1024x1024"]
    )
    n: StrictInt = Field(default=1, gt=0, le=10, description="Images per request.")


class VertexOptions(ConfigModel):
    """Google Cloud location of Claude on Vertex AI (`api: anthropic-vertex`)."""

    project: str = Field(description="Google Cloud project id.", examples=["my-gcp-project"])
    region: str = Field(default="us-east5", description="Vertex AI region.", examples=["us-east5"])


class ModelSpec(TokenWindow):
    """A model serving one class, with per-model overrides of the provider's values."""

    id: str = Field(
        description="The model id as the provider's API expects it; empty means not served.",
        examples=["gpt-4o-mini"],
    )
    dimensions: StrictInt | None = Field(
        default=None, gt=0, description="Embedding vector size for this model."
    )
    settings: Settings = Field(
        default_factory=default_instance(Settings), description="Overrides the provider's settings."
    )
    capabilities: list[Capability] | None = Field(
        default=None, description="Declared capabilities, replacing the catalog's (for models it lacks)."
    )
    rate_limits: RateLimits | None = Field(default=None, description="Overrides the provider's limits.")
    image: ImageOptions | None = Field(default=None, description="Overrides the provider's image options.")


@functools.cache
def _spec_template() -> ModelSpec:
    return ModelSpec.model_construct(id="")


@functools.lru_cache(maxsize=4096)
def bare_spec(model_id: str) -> ModelSpec:
    """`ModelSpec(id=model_id)` without validating again: a copy of a template with the defaults
    (the spec is frozen, so copies may share its default sections, and one id its one copy)."""
    return _spec_template().model_copy(update={"id": model_id})


ModelRef = Annotated[str | ModelSpec, Field(description="A model id, or an object with id and overrides.")]


class Provider(TokenWindow):
    """One model provider, keyed by its name under `providers`."""

    api: WireApi = Field(default=WireApi.OPENAI, description="Wire protocol the endpoint speaks.")
    endpoint: str = Field(description="Base URL of the API.", examples=["https://api.openai.com/v1"])
    catalog: str | None = Field(
        default=None,
        description="Catalog namespace for model lookups (openai, anthropic, groq, xai, gemini, ...); "
        "guessed from the endpoint host when unset.",
        examples=["groq"],
    )
    catalog_check: CatalogCheck | None = Field(
        default=None,
        description="How model ids are checked against the catalog: `strict` (unknown ids are errors), "
        "`family` (local servers: names must belong to a known open-weight family, else INFO), `off`; "
        "unset: `family` for a local or private endpoint without `catalog`, else `strict`.",
        examples=["family"],
    )
    api_key_env: str | None = Field(
        default=None,
        description="NAME of the environment variable holding the API key (never the key).",
        examples=["OPENAI_API_KEY"],
    )
    token_command: list[str] | None = Field(
        default=None,
        description="Command printing a bearer token (anthropic-vertex), e.g. gcloud.",
        examples=[["gcloud", "auth", "print-access-token"]],
    )
    headers: dict[str, str] = Field(
        default_factory=empty_dict,
        description="Extra HTTP headers to send.",
        examples=[{"HTTP-Referer": "https://example.com", "X-Title": "my-agent"}],
    )
    models: dict[ModelClass, ModelRef] = Field(
        default_factory=empty_dict, description="The model serving each class."
    )
    settings: Settings = Field(
        default_factory=default_instance(Settings), description="Default sampling settings."
    )
    embedding: EmbeddingOptions = Field(
        default_factory=default_instance(EmbeddingOptions), description="Embedding options."
    )
    image: ImageOptions = Field(
        default_factory=default_instance(ImageOptions), description="Image generation options."
    )
    vertex: VertexOptions | None = Field(default=None, description="Vertex AI location (anthropic-vertex).")
    timeout_s: StrictFloat = Field(default=60.0, gt=0, le=3600, description="Per-request timeout in seconds.")
    rate_limits: RateLimits | None = Field(default=None, description="Request and token budgets.")
    enabled: StrictBool = Field(default=True, description="A disabled provider is compiled but never called.")

    @field_validator("endpoint")
    @classmethod
    def _valid_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("endpoint must be an http(s) URL with a host, like https://api.openai.com/v1")
        return value

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if find_secret(value):
            raise ValueError(
                f"api_key_env holds what looks like a literal {secret_kind(value)} key; "
                "put the key in an environment variable and write its NAME here"
            )
        if not ENV_NAME_RE.match(value):
            raise ValueError("api_key_env must be an environment variable name like OPENAI_API_KEY")
        return value

    def model(self, cls: ModelClass) -> ModelSpec | None:
        """The model serving ``cls`` as a ModelSpec, or None when the class is not served."""
        ref = self.models.get(cls)
        if ref is None:
            return None
        return bare_spec(ref) if isinstance(ref, str) else ref
