"""A project's own catalog entries: private deployments and fine-tunes with their own names."""

import datetime as dt
from typing import Literal

from pydantic import Field, StrictInt

from .base import ConfigModel
from .classes import Capability

CatalogCheck = Literal["strict", "family", "off"]
CatalogMode = Literal["chat", "completion", "responses", "embedding", "image"]


class CatalogEntry(ConfigModel):
    """What lint and the runtime know about one model of the team's own, like a built-in entry."""

    base: str | None = Field(
        default=None,
        description="A catalog model this one is built on (a fine-tune's base): its windows, "
        "modes and life are inherited, and the keys below override them.",
        examples=["gpt-4o-mini-2024-07-18"],
    )
    mode: CatalogMode | None = Field(
        default=None, description="What the model does (default: the base's, else chat).", examples=["chat"]
    )
    max_input_tokens: StrictInt | None = Field(
        default=None, gt=0, description="Context window in tokens.", examples=[128000]
    )
    max_output_tokens: StrictInt | None = Field(
        default=None, gt=0, description="Most tokens one response may have.", examples=[16384]
    )
    dimensions: StrictInt | None = Field(
        default=None, gt=0, description="Size of the vectors an embedding model returns.", examples=[1024]
    )
    capabilities: list[Capability] | None = Field(
        default=None, description="Features the model supports.", examples=[["function_calling", "vision"]]
    )
    deprecation_date: dt.date | None = Field(
        default=None,
        description="Day the deployment shuts down (lint warns ahead of it).",
        examples=["2027-06-30"],
    )


ProjectCatalog = dict[str, dict[str, CatalogEntry]]
