"""Catalog namespaces: which namespace a provider's model ids are looked up in.

Guessed from the endpoint host when a provider leaves `catalog` unset; routers name
models `vendor/model` and fall back to the vendor's namespace. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

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
#: A router's variant of a model (`meta-llama/llama-3.3-70b-instruct:free`): the same model's facts.
ROUTER_VARIANT = re.compile(r":(?:free|beta|nitro|floor|online|extended|thinking|exacto)$")

OLLAMA_PORT = 11434

#: Namespaces whose `account/name` ids are fine-tunes of their own models (Together).
ACCOUNT_NAMESPACES = frozenset({"together_ai"})


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
