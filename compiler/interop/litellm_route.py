"""Which provider a LiteLLM deployment talks to, decided the way LiteLLM decides it.

LiteLLM (`litellm_core_utils/get_llm_provider_logic.py`, v1.110) takes the provider from the
model's `prefix/`, else from a known `api_base` host, else by looking the bare name up in its
per-provider model lists, in this order: OpenAI chat, Anthropic, Cohere, OpenRouter, Vertex AI
(then Bedrock and OpenAI embeddings). Our catalog carries each model's `litellm_provider` as its
namespace, so the same look-up runs on it. A name LiteLLM cannot place is reported, never guessed.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from modelcfg.profiles.catalog import load_catalog

from .litellm_names import OPENAI_COMPATIBLE, PREFIX_BY_HOST

#: Bare-name look-up order of get_llm_provider (the lists it checks, by catalog namespace).
BARE_NAME_ORDER = ("openai", "anthropic", "cohere", "openrouter", "vertex_ai")

#: Prefixes modelcfg imports, and the wire protocol each speaks.
OLLAMA_PREFIXES = frozenset({"ollama", "ollama_chat"})

#: Prefixes LiteLLM knows that have no modelcfg wire protocol, with the reason given to the user.
UNSUPPORTED: dict[str, str] = {
    "azure": "Azure OpenAI needs deployment URLs and `api-version`, which modelcfg's openai protocol "
    "does not send",
    "azure_ai": "Azure AI endpoints need Azure's auth header, which modelcfg does not send",
    "bedrock": "AWS Bedrock needs SigV4-signed requests, which modelcfg does not make",
    "sagemaker": "AWS SageMaker needs SigV4-signed requests, which modelcfg does not make",
    "cohere": "Cohere's own API is not one of modelcfg's wire protocols",
    "cohere_chat": "Cohere's own API is not one of modelcfg's wire protocols",
    "huggingface": "the Hugging Face inference API is not one of modelcfg's wire protocols",
    "replicate": "Replicate's prediction API is not one of modelcfg's wire protocols",
    "watsonx": "watsonx needs IBM IAM tokens, which modelcfg does not fetch",
    "text-completion-openai": "modelcfg calls chat completions, not the legacy completions API",
}


@dataclass(frozen=True, slots=True)
class Route:
    """A deployment LiteLLM sends to `prefix` with model id `model_id`."""

    prefix: str
    model_id: str
    inferred: str | None = None  # how a bare name was placed, for an INFO finding


@dataclass(frozen=True, slots=True)
class Unroutable:
    """A deployment modelcfg cannot import, and why."""

    reason: str
    hint: str | None = None


def route(model: str, api_base: str | None) -> Route | Unroutable:
    """Where LiteLLM sends ``model`` (with ``api_base``), or why modelcfg cannot import it."""
    if "*" in model:
        return Unroutable(
            f"wildcard model `{model}` routes any model name to the provider; modelcfg names each model",
            "list the models clients call, one deployment each",
        )
    prefix, _, rest = model.partition("/")
    if rest and prefix in _known_prefixes():
        return _checked(Route(prefix, rest))
    host = urlsplit(api_base).hostname if api_base and "://" in api_base else None
    if host in PREFIX_BY_HOST:
        prefix = PREFIX_BY_HOST[host]
        return _checked(Route(prefix, model, f"`api_base` host {host} is LiteLLM's `{prefix}`"))
    return _bare(model)


def _bare(model: str) -> Route | Unroutable:
    found = {info.namespace for info in load_catalog().find(model)}
    for namespace in BARE_NAME_ORDER:
        if namespace in found:
            why = f"LiteLLM sends the bare name `{model}` to `{namespace}`"
            return _checked(Route(namespace, model, why))
    if found:
        known = sorted(found)[0]
        return Unroutable(
            f"LiteLLM routes no bare `{model}`: it needs a provider prefix",
            f"write `{known}/{model}` (the catalog knows it at {', '.join(sorted(found))})",
        )
    return Unroutable(
        f"no provider for `{model}`: no prefix, and neither LiteLLM's model lists nor the catalog know it",
        "write it as `provider/model`, e.g. `openai/...` or `hosted_vllm/...` for your own server",
    )


def _checked(found: Route) -> Route | Unroutable:
    """Routes modelcfg speaks pass; the rest say why not."""
    if found.prefix == "vertex_ai" and not found.model_id.startswith("claude"):
        return Unroutable(
            f"`{found.model_id}` on Vertex AI speaks Google's generateContent protocol, not Anthropic's; "
            "modelcfg supports Claude on Vertex (`anthropic-vertex`) only",
            "use `gemini/<model>` (Google AI Studio, `api: gemini`) if that fits",
        )
    if found.prefix in UNSUPPORTED:
        return Unroutable(f"LiteLLM provider `{found.prefix}`: {UNSUPPORTED[found.prefix]}")
    if found.prefix not in OPENAI_COMPATIBLE | OLLAMA_PREFIXES | {"anthropic", "gemini", "vertex_ai"}:
        return Unroutable(
            f"LiteLLM provider `{found.prefix}` has no modelcfg wire protocol "
            "(openai, anthropic, anthropic-vertex, gemini)",
            "if it serves the OpenAI API, write `hosted_vllm/<model>` with its `api_base`",
        )
    return found


def _known_prefixes() -> frozenset[str]:
    return (
        OPENAI_COMPATIBLE
        | OLLAMA_PREFIXES
        | frozenset(UNSUPPORTED)
        | frozenset(load_catalog().namespaces())
        | {"anthropic", "gemini", "vertex_ai"}
    )
