"""The settings elizaOS reads, by name: current model-provider plugins and the seed-era core names.

Shared by the `eliza` exporter and importer. Sources (see docs/interop.md):
- current names: the `agentConfig.pluginParameters` of each plugin's package.json in
  elizaOS/eliza `plugins/plugin-*` (@elizaos/plugin-openai 2.0.0-beta.0; plugin-anthropic,
  -google-genai, -groq, -openrouter, -ollama 2.0.3-beta.6), checked against the getters each
  plugin calls: `plugins/plugin-openai/utils/config.ts` (2eb68a3: OPENAI_MEDIUM_MODEL,
  OPENAI_IMAGE_MODEL) and `plugins/plugin-anthropic/utils/config.ts` (537c73e:
  ANTHROPIC_MEDIUM_MODEL, ANTHROPIC_BASE_URL);
- seed-era names: `packages/core/src/models.ts` of elizaOS/eliza v0.1.x (`SMALL_OPENAI_MODEL`,
  `OPENAI_API_URL`, ...), the release the fine-tuning guide documents, and the character file's
  `settings.modelConfig` (`ModelConfiguration` in v0.1.x `types.ts`).
"""

from dataclasses import dataclass

from modelcfg.schema.classes import CHAT_CLASS_NAMES


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
            "medium": "OPENAI_MEDIUM_MODEL",
            "large": "OPENAI_LARGE_MODEL",
            "embedding": "OPENAI_EMBEDDING_MODEL",
            "image": "OPENAI_IMAGE_MODEL",
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
        models={
            "small": "ANTHROPIC_SMALL_MODEL",
            "medium": "ANTHROPIC_MEDIUM_MODEL",
            "large": "ANTHROPIC_LARGE_MODEL",
        },
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

#: Bare fallbacks the current plugins read when their prefixed name is unset (plugin-openai and
#: plugin-anthropic `utils/config.ts`: `OPENAI_MEDIUM_MODEL ?? MEDIUM_MODEL`, ...). plugin-openai reads
#: no bare EMBEDDING_MODEL (`getEmbeddingModel`: OPENAI_EMBEDDING_MODEL only); the importer still takes
#: it for the default provider, as plugins that read it do.
GENERIC_MODELS: dict[str, str] = {
    "SMALL_MODEL": "small",
    "MEDIUM_MODEL": "medium",
    "LARGE_MODEL": "large",
    "EMBEDDING_MODEL": "embedding",
}


@dataclass(frozen=True, slots=True)
class SeedProvider:
    """A v0.1.x core provider: its `{CLASS}_{NAME}_MODEL` variables and optional endpoint variable."""

    name: str  # the infix, e.g. OPENAI in SMALL_OPENAI_MODEL
    key: str
    api: str
    default_endpoint: str
    api_key: str | None  # the name agent/src/index.ts getTokenForProvider reads
    endpoint_var: str | None
    models: dict[str, str]  # our class -> variable, exactly as models.ts reads them
    all_chat: str | None = None  # `{NAME}_MODEL`: every chat class without its own variable


def _chat(name: str, *extra: str) -> dict[str, str]:
    """`SMALL_X_MODEL`, `MEDIUM_X_MODEL`, `LARGE_X_MODEL` plus ``extra`` classes named the same way."""
    return {c: f"{c.upper()}_{name}_MODEL" for c in (*CHAT_CLASS_NAMES, *extra)}


#: Every provider of v0.1.x `packages/core/src/models.ts` that reads a variable (elizaOS/eliza
#: v0.1.7-v0.1.9 line; ANTHROPIC_API_URL from v0.1.8), with the key name getTokenForProvider reads.
#: Providers without a variable (llamalocal, claude_vertex, together, llamacloud, ali_bailian, fal)
#: have nothing to import.
SEED_PROVIDERS: tuple[SeedProvider, ...] = (
    SeedProvider(
        "OPENAI",
        "openai",
        "openai",
        "https://api.openai.com/v1",
        "OPENAI_API_KEY",
        "OPENAI_API_URL",
        _chat("OPENAI", "embedding", "image"),
    ),
    SeedProvider(
        "ANTHROPIC",
        "anthropic",
        "anthropic",
        "https://api.anthropic.com/v1",
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_API_URL",
        _chat("ANTHROPIC"),
    ),
    SeedProvider(
        "GROK", "grok", "openai", "https://api.x.ai/v1", "GROK_API_KEY", None, _chat("GROK", "embedding")
    ),
    SeedProvider(
        "GROQ",
        "groq",
        "openai",
        "https://api.groq.com/openai/v1",
        "GROQ_API_KEY",
        None,
        _chat("GROQ", "embedding"),
    ),
    SeedProvider(
        "GOOGLE",
        "google",
        "gemini",
        "https://generativelanguage.googleapis.com/v1beta",
        "GOOGLE_GENERATIVE_AI_API_KEY",
        None,
        _chat("GOOGLE", "embedding"),
        "GOOGLE_MODEL",
    ),
    SeedProvider(
        "MISTRAL",
        "mistral",
        "openai",
        "https://api.mistral.ai/v1",
        "MISTRAL_API_KEY",
        None,
        _chat("MISTRAL"),
        "MISTRAL_MODEL",
    ),
    SeedProvider(
        "REDPILL",
        "redpill",
        "openai",
        "https://api.red-pill.ai/v1",
        "REDPILL_API_KEY",
        None,
        _chat("REDPILL"),
        "REDPILL_MODEL",
    ),
    SeedProvider(
        "OPENROUTER",
        "openrouter",
        "openai",
        "https://openrouter.ai/api/v1",
        "OPENROUTER_API_KEY",
        None,
        _chat("OPENROUTER"),
        "OPENROUTER_MODEL",
    ),
    SeedProvider(
        "OLLAMA",
        "ollama",
        "openai",
        "http://localhost:11434/v1",
        None,
        "OLLAMA_SERVER_URL",
        {**_chat("OLLAMA"), "embedding": "OLLAMA_EMBEDDING_MODEL"},
        "OLLAMA_MODEL",
    ),
    SeedProvider(
        "HEURIST",
        "heurist",
        "openai",
        "https://llm-gateway.heurist.xyz",
        "HEURIST_API_KEY",
        None,
        {**_chat("HEURIST"), "image": "HEURIST_IMAGE_MODEL"},
    ),
    SeedProvider(
        "GALADRIEL",
        "galadriel",
        "openai",
        "https://api.galadriel.com/v1/verified",
        "GALADRIEL_API_KEY",
        None,
        _chat("GALADRIEL"),
    ),
    SeedProvider(
        "GAIANET",
        "gaianet",
        "openai",
        "http://localhost:8080/v1",
        None,
        "GAIANET_SERVER_URL",
        {**_chat("GAIANET"), "embedding": "GAIANET_EMBEDDING_MODEL"},
        "GAIANET_MODEL",
    ),
    SeedProvider(
        "VOLENGINE",
        "volengine",
        "openai",
        "https://open.volcengineapi.com/api/v3",
        "VOLENGINE_API_KEY",
        "VOLENGINE_API_URL",
        {**_chat("VOLENGINE"), "embedding": "VOLENGINE_EMBEDDING_MODEL"},
        "VOLENGINE_MODEL",
    ),
    SeedProvider(
        "NANOGPT",
        "nanogpt",
        "openai",
        "https://nano-gpt.com/api/v1",
        "NANOGPT_API_KEY",
        None,
        _chat("NANOGPT"),
    ),
    SeedProvider(
        "HYPERBOLIC",
        "hyperbolic",
        "openai",
        "https://api.hyperbolic.xyz/v1",
        "HYPERBOLIC_API_KEY",
        None,
        _chat("HYPERBOLIC", "image"),
        "HYPERBOLIC_MODEL",
    ),
    SeedProvider(
        "VENICE",
        "venice",
        "openai",
        "https://api.venice.ai/api/v1",
        "VENICE_API_KEY",
        None,
        _chat("VENICE", "image"),
    ),
    SeedProvider(
        "NINETEEN_AI",
        "nineteen_ai",
        "openai",
        "https://api.nineteen.ai/v1",
        "NINETEEN_AI_API_KEY",
        None,
        _chat("NINETEEN_AI", "image"),
    ),
    SeedProvider(
        "AKASH_CHAT_API",
        "akash_chat_api",
        "openai",
        "https://chatapi.akash.network/api/v1",
        "AKASH_CHAT_API_KEY",
        None,
        _chat("AKASH_CHAT_API"),
    ),
    SeedProvider(
        "INFERA", "infera", "openai", "https://api.infera.org", "INFERA_API_KEY", None, _chat("INFERA")
    ),
    SeedProvider(
        "DEEPSEEK",
        "deepseek",
        "openai",
        "https://api.deepseek.com",
        "DEEPSEEK_API_KEY",
        "DEEPSEEK_API_URL",
        _chat("DEEPSEEK"),
    ),
    SeedProvider(
        "ETERNALAI",
        "eternalai",
        "openai",
        "https://api.eternalai.org/v1",
        "ETERNALAI_API_KEY",
        "ETERNALAI_URL",
        {},
        "ETERNALAI_MODEL",
    ),
)

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
