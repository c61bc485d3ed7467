"""The settings elizaOS reads, by name: current model-provider plugins and the seed-era core names.

Shared by the `eliza` exporter and importer. Sources (see docs/interop.md):
- current names: the `agentConfig.pluginParameters` of each plugin's package.json in
  elizaOS/eliza `plugins/plugin-*` (@elizaos/plugin-openai 2.0.0-beta.0; plugin-anthropic,
  -google-genai, -groq, -openrouter, -ollama 2.0.3-beta.6), plus `ANTHROPIC_BASE_URL`, which
  plugin-anthropic's utils/config.ts reads;
- seed-era names: `packages/core/src/models.ts` of elizaOS/eliza v0.1.x (`SMALL_OPENAI_MODEL`,
  `OPENAI_API_URL`, ...), the release the fine-tuning guide documents, and the character file's
  `settings.modelConfig` (`ModelConfiguration` in v0.1.x `types.ts`).
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plugin:
    """One elizaOS model-provider plugin and the variables it reads."""

    package: str
    key: str  # provider name modelcfg gives it on import
    api: str
    default_endpoint: str
    api_key: str | None
    base_url: str | None
    models: dict[str, str]  # our class -> variable
    dimensions: str | None = None


PLUGINS: tuple[Plugin, ...] = (
    Plugin(
        package="@elizaos/plugin-openai",
        key="openai",
        api="openai",
        default_endpoint="https://api.openai.com/v1",
        api_key="OPENAI_API_KEY",
        base_url="OPENAI_BASE_URL",
        models={
            "small": "OPENAI_SMALL_MODEL",
            "large": "OPENAI_LARGE_MODEL",
            "embedding": "OPENAI_EMBEDDING_MODEL",
        },
        dimensions="OPENAI_EMBEDDING_DIMENSIONS",
    ),
    Plugin(
        package="@elizaos/plugin-anthropic",
        key="anthropic",
        api="anthropic",
        default_endpoint="https://api.anthropic.com/v1",
        api_key="ANTHROPIC_API_KEY",
        base_url="ANTHROPIC_BASE_URL",
        models={"small": "ANTHROPIC_SMALL_MODEL", "large": "ANTHROPIC_LARGE_MODEL"},
    ),
    Plugin(
        package="@elizaos/plugin-google-genai",
        key="google",
        api="gemini",
        default_endpoint="https://generativelanguage.googleapis.com/v1beta",
        api_key="GOOGLE_GENERATIVE_AI_API_KEY",
        base_url=None,
        models={
            "small": "GOOGLE_SMALL_MODEL",
            "large": "GOOGLE_LARGE_MODEL",
            "embedding": "GOOGLE_EMBEDDING_MODEL",
        },
    ),
    Plugin(
        package="@elizaos/plugin-groq",
        key="groq",
        api="openai",
        default_endpoint="https://api.groq.com/openai/v1",
        api_key="GROQ_API_KEY",
        base_url="GROQ_BASE_URL",
        models={"small": "GROQ_SMALL_MODEL", "large": "GROQ_LARGE_MODEL"},
    ),
    Plugin(
        package="@elizaos/plugin-openrouter",
        key="openrouter",
        api="openai",
        default_endpoint="https://openrouter.ai/api/v1",
        api_key="OPENROUTER_API_KEY",
        base_url="OPENROUTER_BASE_URL",
        models={
            "small": "OPENROUTER_SMALL_MODEL",
            "large": "OPENROUTER_LARGE_MODEL",
            "embedding": "OPENROUTER_EMBEDDING_MODEL",
            "image": "OPENROUTER_IMAGE_GENERATION_MODEL",
        },
        dimensions="OPENROUTER_EMBEDDING_DIMENSIONS",
    ),
    Plugin(
        package="@elizaos/plugin-ollama",
        key="ollama",
        api="openai",
        default_endpoint="http://localhost:11434/v1",
        api_key=None,
        base_url="OLLAMA_API_ENDPOINT",
        models={
            "small": "OLLAMA_SMALL_MODEL",
            "medium": "OLLAMA_MEDIUM_MODEL",
            "large": "OLLAMA_LARGE_MODEL",
            "embedding": "OLLAMA_EMBEDDING_MODEL",
        },
    ),
)

PLUGIN_BY_KEY: dict[str, Plugin] = {p.key: p for p in PLUGINS}

#: Catalog namespace / endpoint host -> plugin key, for the exporter's choice of plugin.
PLUGIN_BY_HOST: dict[str, str] = {
    "api.openai.com": "openai",
    "api.anthropic.com": "anthropic",
    "generativelanguage.googleapis.com": "google",
    "api.groq.com": "groq",
    "openrouter.ai": "openrouter",
    "localhost:11434": "ollama",
    "127.0.0.1:11434": "ollama",
}

#: Bare fallbacks every current plugin also reads when its prefixed name is unset.
GENERIC_MODELS: dict[str, str] = {
    "SMALL_MODEL": "small",
    "LARGE_MODEL": "large",
    "EMBEDDING_MODEL": "embedding",
}


@dataclass(frozen=True, slots=True)
class SeedProvider:
    """A v0.1.x core provider: `{CLASS}_{NAME}_MODEL` variables and an optional endpoint variable."""

    name: str  # the infix, e.g. OPENAI in SMALL_OPENAI_MODEL
    key: str
    api: str
    default_endpoint: str
    api_key: str | None
    endpoint_var: str | None


SEED_PROVIDERS: tuple[SeedProvider, ...] = (
    SeedProvider(
        "OPENAI", "openai", "openai", "https://api.openai.com/v1", "OPENAI_API_KEY", "OPENAI_API_URL"
    ),
    SeedProvider(
        "ANTHROPIC", "anthropic", "anthropic", "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY", None
    ),
    SeedProvider("GROK", "grok", "openai", "https://api.x.ai/v1", "GROK_API_KEY", None),
    SeedProvider("GROQ", "groq", "openai", "https://api.groq.com/openai/v1", "GROQ_API_KEY", None),
    SeedProvider(
        "GOOGLE",
        "google",
        "gemini",
        "https://generativelanguage.googleapis.com/v1beta",
        "GOOGLE_GENERATIVE_AI_API_KEY",
        None,
    ),
    SeedProvider("REDPILL", "redpill", "openai", "https://api.red-pill.ai/v1", "REDPILL_API_KEY", None),
    SeedProvider(
        "OPENROUTER", "openrouter", "openai", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", None
    ),
    SeedProvider("HEURIST", "heurist", "openai", "https://llm-gateway.heurist.xyz", "HEURIST_API_KEY", None),
    SeedProvider("OLLAMA", "ollama", "openai", "http://localhost:11434/v1", None, "OLLAMA_SERVER_URL"),
)

SEED_CLASSES = ("SMALL", "MEDIUM", "LARGE", "EMBEDDING", "IMAGE")

#: Character `settings.modelConfig` keys (v0.1.x) and the camelCase spellings users write -> ours.
MODEL_CONFIG_KEYS: dict[str, str] = {
    "temperature": "temperature",
    "maxInputTokens": "max_input_tokens",
    "maxOutputTokens": "max_output_tokens",
    "frequency_penalty": "frequency_penalty",
    "presence_penalty": "presence_penalty",
}

CAMEL_SETTINGS: dict[str, str] = {
    **MODEL_CONFIG_KEYS,
    "frequencyPenalty": "frequency_penalty",
    "presencePenalty": "presence_penalty",
    "topP": "top_p",
    "top_p": "top_p",
    "topK": "top_k",
    "top_k": "top_k",
    "repetitionPenalty": "repetition_penalty",
    "repetition_penalty": "repetition_penalty",
    "stop": "stop",
    "stopSequences": "stop",
    "seed": "seed",
    "max_input_tokens": "max_input_tokens",
    "max_output_tokens": "max_output_tokens",
    "maxTokens": "max_output_tokens",
}


def seed_model_var(model_class: str, seed: SeedProvider) -> str:
    """The v0.1.x variable naming one class's model, e.g. SMALL_OPENAI_MODEL."""
    if seed.key == "heurist" and model_class == "image":
        return "HEURIST_IMAGE_MODEL"
    if seed.key == "ollama" and model_class == "embedding":
        return "OLLAMA_EMBEDDING_MODEL"
    return f"{model_class.upper()}_{seed.name}_MODEL"
