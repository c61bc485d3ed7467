"""The root of a modelcfg document, after layers are merged."""

from typing import Any, Literal

from pydantic import Field

from .base import ConfigModel, default_instance, empty_dict, empty_list
from .cache import Cache
from .catalog import CatalogEntry
from .classes import Severity
from .provider import Provider
from .routing import Failover, Selection
from .settings import Settings


class LintConfig(ConfigModel):
    """Project-level lint settings."""

    disable: list[str] = Field(
        default_factory=empty_list, description="Rule ids or names to turn off.", examples=[["MC305"]]
    )
    severity: dict[str, Severity] = Field(
        default_factory=empty_dict, description="Severity per rule id.", examples=[{"MC402": "error"}]
    )
    require_keys: bool = Field(
        default=False,
        description="Flag (MC417) a routed provider whose `api_key_env` variable is not set where lint "
        "runs. Set it in the overlay of an environment whose lint job has that environment's keys.",
    )


class Document(ConfigModel):
    """A modelcfg config: the root file, or any layer merged onto it."""

    version: Literal[1] = Field(default=1, description="Format version of this document.")
    extends: list[str] = Field(
        default_factory=empty_list,
        description="Layers underneath this file: relative paths, `preset:NAME`, `profile:NAME`.",
        examples=[["preset:openai", "profile:precise", "shared/base.yaml"]],
    )
    vars: dict[str, Any] = Field(
        default_factory=empty_dict,
        description="Values for `{{ vars.NAME }}`.",
        examples=[{"region": "us-east5"}],
    )
    allow_env: list[str] = Field(
        default_factory=empty_list,
        description="Environment variables templates may read with env().",
        examples=[["LLM_GATEWAY_HOST"]],
    )
    environments: dict[str, list[str]] = Field(
        default_factory=empty_dict,
        description="Overlay files per environment, applied in order.",
        examples=[{"production": ["envs/production.yaml"]}],
    )
    local: str | None = Field(
        default=None,
        description="Git-ignored local override file; "
        "`modelcfg.local.yaml` or `.toml` if present when unset.",
    )
    providers: dict[str, Provider] = Field(default_factory=empty_dict, description="Providers by name.")
    profiles: dict[str, Settings] = Field(default_factory=empty_dict, description="Tuning profiles by name.")
    selection: Selection = Field(default_factory=default_instance(Selection), description="Model selection.")
    failover: Failover = Field(
        default_factory=default_instance(Failover), description="Failover, retries, breaker."
    )
    cache: Cache = Field(default_factory=default_instance(Cache), description="Embedding cache tiers.")
    lint: LintConfig = Field(default_factory=default_instance(LintConfig), description="Lint settings.")
    catalog: dict[str, dict[str, CatalogEntry]] = Field(
        default_factory=empty_dict,
        description="The team's own models by catalog namespace (or provider name), then id: "
        "read like built-in catalog entries by lint, explain and the table.",
        examples=[{"gateway": {"support-bot-v3": {"base": "gpt-4o-mini-2024-07-18"}}}],
    )
