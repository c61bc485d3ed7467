"""The model catalog: what each provider namespace knows about a model id.

Stdlib only and loaded lazily: the compiler and linter ask it about token windows,
embedding sizes and retirement; `profiles/catalog.json` is derived from LiteLLM's
public price list by `modelcfg.profiles.derive` (see `modelcfg catalog update`).
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CATALOG_PATH = Path(__file__).with_name("catalog.json")

#: API host -> catalog namespace, for providers that leave `catalog` unset.
HOST_NAMESPACES: Mapping[str, str] = {
    "api.openai.com": "openai",
    "api.anthropic.com": "anthropic",
    "aiplatform.googleapis.com": "vertex_ai",
    "generativelanguage.googleapis.com": "gemini",
    "api.x.ai": "xai",
    "api.groq.com": "groq",
    "api.together.xyz": "together_ai",
    "api.together.ai": "together_ai",
    "openrouter.ai": "openrouter",
    "api.red-pill.ai": "redpill",
    "api.mistral.ai": "mistral",
    "api.deepseek.com": "deepseek",
    "api.fireworks.ai": "fireworks_ai",
    "api.deepinfra.com": "deepinfra",
    "api.perplexity.ai": "perplexity",
    "api.cerebras.ai": "cerebras",
    "api.cohere.com": "cohere",
    "api.voyageai.com": "voyage",
}

#: Routers name models `vendor/model`; a miss in their own namespace is looked up at the vendor.
ROUTER_VENDORS: Mapping[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gemini",
    "x-ai": "xai",
    "xai": "xai",
    "mistralai": "mistral",
    "deepseek": "deepseek",
    "cohere": "cohere",
}
ROUTER_NAMESPACES = frozenset({"openrouter", "redpill"})

OLLAMA_PORT = 11434


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Facts about one model id in one namespace."""

    id: str
    namespace: str
    mode: str  # chat | completion | responses | embedding | image
    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    output_vector_size: int | None = None
    reducible_dimensions: bool = False
    deprecation_date: date | None = None
    retired: bool = False
    successor: str | None = None
    aliases: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    input_cost_per_token: float | None = None
    output_cost_per_token: float | None = None
    sampling_params: bool = True  # False: the API refuses temperature/top_p (e.g. Claude 5.5)

    def is_retired(self, today: date | None = None) -> bool:
        """Retired in the data, or past its deprecation (shutdown) date."""
        if self.retired:
            return True
        return self.deprecation_date is not None and self.deprecation_date <= (today or date.today())


class Catalog:
    """Model facts by namespace and id, with aliases and did-you-mean."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._models: Mapping[str, Mapping[str, Mapping[str, Any]]] = data.get("models", {})
        self._aliases: Mapping[str, Mapping[str, str]] = data.get("aliases", {})
        self.sources: Mapping[str, str] = data.get("sources", {})
        self._infos: dict[tuple[str, str], ModelInfo | None] = {}  # lint asks for the same ids per file

    def namespaces(self) -> list[str]:
        """Every namespace the catalog has models for."""
        return sorted(self._models)

    def ids(self, namespace: str) -> list[str]:
        """Model ids of a namespace (aliases not included)."""
        return sorted(self._models.get(namespace, {}))

    def aliases(self, namespace: str) -> list[str]:
        """Alias names of a namespace (`claude-3-5-haiku`, `gpt-mini-latest`, ...)."""
        return sorted(self._aliases.get(namespace, {}))

    def __iter__(self) -> Iterator[ModelInfo]:
        for namespace in self.namespaces():
            for model_id in self.ids(namespace):
                info = self._info(namespace, model_id)
                if info is not None:
                    yield info

    def resolve(self, namespace: str, model_id: str) -> str:
        """The id an alias stands for (the id itself when it is none)."""
        return self._aliases.get(namespace, {}).get(model_id, model_id)

    def lookup(self, namespace: str, model_id: str) -> ModelInfo | None:
        """Facts about ``model_id`` (or an alias of it) in ``namespace``; None if unknown."""
        info = self._info(namespace, self.resolve(namespace, model_id))
        if info is None and namespace in ROUTER_NAMESPACES and "/" in model_id:
            vendor, _, rest = model_id.partition("/")
            target = ROUTER_VENDORS.get(vendor)
            if target is not None:
                info = self._info(target, self.resolve(target, rest))
                if info is None and target == "anthropic":  # routers write claude-sonnet-4.5
                    dashed = rest.replace(".", "-")
                    info = self._info(target, self.resolve(target, dashed))
        return info

    def find(self, model_id: str) -> list[ModelInfo]:
        """Every namespace's facts for ``model_id``, for look-ups without a provider."""
        found = (self.lookup(namespace, model_id) for namespace in self.namespaces())
        return [info for info in found if info is not None]

    def nearest(self, namespace: str, model_id: str, n: int = 3) -> list[str]:
        """Known ids (and aliases) of ``namespace`` closest to ``model_id``, best first."""
        candidates = list(self._models.get(namespace, {})) + list(self._aliases.get(namespace, {}))
        return difflib.get_close_matches(model_id, candidates, n=n, cutoff=0.6)

    def _info(self, namespace: str, model_id: str) -> ModelInfo | None:
        key = (namespace, model_id)
        if key not in self._infos:
            entry = self._models.get(namespace, {}).get(model_id)
            self._infos[key] = (
                None
                if entry is None
                else _model_info(namespace, model_id, entry, self._aliases_of(namespace, model_id))
            )
        return self._infos[key]

    def _aliases_of(self, namespace: str, model_id: str) -> tuple[str, ...]:
        return self._reverse_aliases.get((namespace, model_id), ())

    @functools.cached_property
    def _reverse_aliases(self) -> dict[tuple[str, str], tuple[str, ...]]:
        reverse: dict[tuple[str, str], list[str]] = {}
        for namespace, aliases in self._aliases.items():
            for alias, target in aliases.items():
                reverse.setdefault((namespace, target), []).append(alias)
        return {key: tuple(sorted(names)) for key, names in reverse.items()}


def _model_info(
    namespace: str, model_id: str, entry: Mapping[str, Any], aliases: tuple[str, ...]
) -> ModelInfo:
    deprecation = entry.get("deprecation_date")
    return ModelInfo(
        id=model_id,
        namespace=namespace,
        mode=entry.get("mode", "chat"),
        max_input_tokens=entry.get("max_input_tokens"),
        max_output_tokens=entry.get("max_output_tokens"),
        output_vector_size=entry.get("output_vector_size"),
        reducible_dimensions=entry.get("reducible_dimensions", False),
        deprecation_date=date.fromisoformat(deprecation) if deprecation else None,
        retired=entry.get("retired", False),
        successor=entry.get("successor"),
        aliases=aliases,
        capabilities=tuple(entry.get("capabilities", ())),
        input_cost_per_token=entry.get("input_cost_per_token"),
        output_cost_per_token=entry.get("output_cost_per_token"),
        sampling_params=entry.get("sampling_params", True),
    )


@functools.cache
def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog at ``path`` (default: the built-in one), read once per process."""
    with open(path or CATALOG_PATH, encoding="utf-8") as f:
        return Catalog(json.load(f))


def namespace_for(endpoint: str, explicit: str | None = None) -> str | None:
    """The catalog namespace of a provider: ``explicit``, else guessed from the endpoint host."""
    if explicit:
        return explicit
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if host in HOST_NAMESPACES:
        return HOST_NAMESPACES[host]
    if host.endswith("-aiplatform.googleapis.com"):
        return "vertex_ai"
    try:
        port = parts.port
    except ValueError:
        return None
    if port == OLLAMA_PORT:
        return "ollama"
    return None
