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
    "api.fireworks.ai": "fireworks_ai",
    "api.deepinfra.com": "deepinfra",
    "api.perplexity.ai": "perplexity",
    "api.cerebras.ai": "cerebras",
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
    "fireworks_ai": "https://api.fireworks.ai/inference/v1",
    "deepinfra": "https://api.deepinfra.com/v1/openai",
    "perplexity": "https://api.perplexity.ai",
    "cerebras": "https://api.cerebras.ai/v1",
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
        "fireworks_ai",
        "deepinfra",
        "perplexity",
        "cerebras",
        "hosted_vllm",
        "custom_openai",
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

#: The sampling settings a deployment's `litellm_params` may carry.
SETTINGS = ("temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty", "stop", "seed")

#: router/litellm setting -> (failover section, field, offset added): LiteLLM counts retries, we count tries.
NUMERIC_ROUTER: dict[str, tuple[str, str, int]] = {
    "num_retries": ("retry", "attempts", 1),
    "timeout": ("retry", "total_timeout_s", 0),
    "request_timeout": ("retry", "total_timeout_s", 0),
    "retry_after": ("retry", "backoff_initial_s", 0),
    "allowed_fails": ("breaker", "failure_threshold", 0),
    "cooldown_time": ("breaker", "cooldown_s", 0),
}
REASONS = {
    "drop_params": "modelcfg never drops settings silently; `modelcfg lint` flags settings an API ignores",
    "success_callback": "logging callbacks belong to the proxy, not to model-provider settings",
    "failure_callback": "logging callbacks belong to the proxy, not to model-provider settings",
    "callbacks": "logging callbacks belong to the proxy, not to model-provider settings",
    "redis_host": "set `scope: redis` with `redis_url_env` under rate_limits / failover.breaker",
    "redis_port": "set `scope: redis` with `redis_url_env` under rate_limits / failover.breaker",
    "redis_password": "set `scope: redis` with `redis_url_env` under rate_limits / failover.breaker",
    "cache": "modelcfg caches embeddings only (cache.embeddings), not whole responses",
}
KEY_VARIABLE = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "groq": "GROQ_API_KEY",
    "xai": "XAI_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "together_ai": "TOGETHER_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "fireworks_ai": "FIREWORKS_API_KEY",
    "deepinfra": "DEEPINFRA_API_KEY",
    "perplexity": "PERPLEXITYAI_API_KEY",
    "cerebras": "CEREBRAS_API_KEY",
}
PROVIDER_NAME = {
    "vertex_ai": "vertex",
    "together_ai": "together",
    "hosted_vllm": "vllm",
    "ollama_chat": "ollama",
    "fireworks_ai": "fireworks",
    "custom_openai": "custom",
}
KNOWN_PARAMS = (
    "model",
    "custom_llm_provider",
    "api_base",
    "api_key",
    "timeout",
    "rpm",
    "tpm",
    "max_parallel_requests",
    "max_tokens",
    "extra_body",
    "extra_headers",
    "vertex_project",
    "vertex_location",
    "dimensions",
    "size",
    "n",
    *SETTINGS,
)
ROUTER_KEYS = (
    "fallbacks",
    "context_window_fallbacks",
    "num_retries",
    "timeout",
    "retry_after",
    "allowed_fails",
    "cooldown_time",
    "retry_policy",
    "routing_strategy",
    "model_group_alias",
    "enable_pre_call_checks",
    "default_fallbacks",
)


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

#: LiteLLM `retry_policy` field -> the HTTP statuses it stands for (the inverse of the above).
STATUSES_BY_FIELD: dict[str, list[int]] = {
    kind: [status for status, k in RETRY_POLICY_FIELD.items() if k == kind]
    for kind in set(RETRY_POLICY_FIELD.values())
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
        region = vertex_location or "us-east5"
        host = "aiplatform.googleapis.com" if region == "global" else f"{region}-aiplatform.googleapis.com"
        return f"https://{host}/v1"
    if api_base is None:
        return DEFAULT_ENDPOINT.get(prefix)
    base = api_base.rstrip("/")
    if prefix == "anthropic" and not base.endswith("/v1"):
        return base + "/v1"
    return base
