"""How modelcfg's providers and settings are spelled in a LiteLLM proxy config, both ways.

Shared by the `litellm` exporter and importer so the two directions cannot drift.
Sources: LiteLLM's proxy config docs (model_list / litellm_params / router_settings)
and its provider prefixes, as of litellm 1.110.
"""

from urllib.parse import urlsplit

#: Endpoint host -> LiteLLM provider prefix for OpenAI-compatible APIs it knows by name.
PREFIX_BY_HOST: dict[str, str] = {
    "api.openai.com": "openai",
    "api.groq.com": "groq",
    "api.x.ai": "xai",
    "openrouter.ai": "openrouter",
    "api.together.xyz": "together_ai",
    "api.deepseek.com": "deepseek",
    "api.mistral.ai": "mistral",
}

#: LiteLLM provider prefix -> the endpoint LiteLLM uses when `api_base` is absent (our spelling).
DEFAULT_ENDPOINT: dict[str, str] = {
    "openai": "https://api.openai.com/v1",
    "groq": "https://api.groq.com/openai/v1",
    "xai": "https://api.x.ai/v1",
    "openrouter": "https://openrouter.ai/api/v1",
    "together_ai": "https://api.together.xyz/v1",
    "deepseek": "https://api.deepseek.com/v1",
    "mistral": "https://api.mistral.ai/v1",
    "anthropic": "https://api.anthropic.com/v1",
    "gemini": "https://generativelanguage.googleapis.com/v1beta",
}

#: Prefixes whose API speaks the OpenAI wire protocol (our `api: openai`).
OPENAI_COMPATIBLE = frozenset(
    {
        "openai",
        "groq",
        "xai",
        "openrouter",
        "together_ai",
        "deepseek",
        "mistral",
        "hosted_vllm",
        "ollama_chat",
    }
)

#: Sampling settings LiteLLM forwards for each kind of provider (its "supported OpenAI params").
ACCEPTED_SETTINGS: dict[str, frozenset[str]] = {
    "openai": frozenset({"temperature", "top_p", "frequency_penalty", "presence_penalty", "stop", "seed"}),
    "anthropic": frozenset({"temperature", "top_p", "top_k", "stop"}),
    "gemini": frozenset(
        {"temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty", "stop", "seed"}
    ),
}

#: Settings an OpenAI-compatible self-hosted server (vLLM, llama.cpp, TGI) takes in the body.
EXTRA_BODY_SETTINGS = frozenset({"top_k", "repetition_penalty"})

#: Our capability -> LiteLLM `model_info` flag.
CAPABILITY_FLAGS: dict[str, str] = {
    "vision": "supports_vision",
    "function_calling": "supports_function_calling",
    "response_schema": "supports_response_schema",
    "system_messages": "supports_system_messages",
    "reasoning": "supports_reasoning",
    "prompt_caching": "supports_prompt_caching",
    "pdf_input": "supports_pdf_input",
    "audio_input": "supports_audio_input",
    "web_search": "supports_web_search",
}

#: Our model class -> LiteLLM `model_info.mode`.
MODE_BY_CLASS: dict[str, str] = {
    "small": "chat",
    "medium": "chat",
    "large": "chat",
    "embedding": "embedding",
    "image": "image_generation",
}

#: HTTP status -> LiteLLM `retry_policy` field counting retries for that error kind.
RETRY_POLICY_FIELD: dict[int, str] = {
    408: "TimeoutErrorRetries",
    429: "RateLimitErrorRetries",
    500: "InternalServerErrorRetries",
    502: "InternalServerErrorRetries",
    503: "InternalServerErrorRetries",
    504: "InternalServerErrorRetries",
}


def prefix_for(api: str, endpoint: str) -> str:
    """LiteLLM's provider prefix for a provider with this wire protocol and endpoint."""
    if api == "anthropic":
        return "anthropic"
    if api == "anthropic-vertex":
        return "vertex_ai"
    if api == "gemini":
        return "gemini"
    return PREFIX_BY_HOST.get(urlsplit(endpoint).hostname or "", "openai")


def settings_family(prefix: str) -> str:
    """Which ACCEPTED_SETTINGS row a prefix uses."""
    if prefix in ("anthropic", "vertex_ai"):
        return "anthropic"
    if prefix == "gemini":
        return "gemini"
    return "openai"


def api_base_for(prefix: str, endpoint: str) -> str | None:
    """The `api_base` to write, or None when LiteLLM's default for the prefix is the same endpoint.

    LiteLLM appends `/v1/messages` to an Anthropic base, so our `.../v1` endpoint loses its `/v1`.
    """
    if prefix == "vertex_ai" or DEFAULT_ENDPOINT.get(prefix) == endpoint.rstrip("/"):
        return None
    if prefix == "anthropic" and endpoint.rstrip("/").endswith("/v1"):
        return endpoint.rstrip("/")[: -len("/v1")]
    return endpoint


def endpoint_for(prefix: str, api_base: str | None, vertex_location: str | None = None) -> str | None:
    """Our endpoint for a LiteLLM deployment (the inverse of api_base_for); None when unknown."""
    if prefix == "vertex_ai":
        return f"https://{vertex_location or 'us-east5'}-aiplatform.googleapis.com/v1"
    if api_base is None:
        return DEFAULT_ENDPOINT.get(prefix)
    base = api_base.rstrip("/")
    if prefix == "anthropic" and not base.endswith("/v1"):
        return base + "/v1"
    return base
