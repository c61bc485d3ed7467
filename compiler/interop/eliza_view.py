"""The compiled table as elizaOS settings: plugin env vars and a character `settings` fragment.

Each enabled provider goes to the plugin that speaks to it (default provider first); a provider
with no free plugin, and every setting Eliza has no variable for, becomes a note that the
templates render as a comment.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from modelcfg.schema.classes import CHAT_CLASS_NAMES, CLASS_NAMES

from .eliza_names import MODEL_CONFIG_KEYS, PLUGIN_BY_HOST, PLUGIN_BY_KEY, Plugin

SAMPLING_KEYS = (
    "temperature",
    "top_p",
    "top_k",
    "frequency_penalty",
    "presence_penalty",
    "repetition_penalty",
    "stop",
    "seed",
)


@dataclass(frozen=True, slots=True)
class EnvVar:
    name: str
    value: str


@dataclass(slots=True)
class PluginBlock:
    """The variables of one plugin, filled from one provider."""

    provider: str
    package: str
    variables: list[EnvVar] = field(default_factory=list)
    key_note: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ElizaView:
    blocks: tuple[PluginBlock, ...]
    character: dict[str, Any]
    notes: tuple[str, ...]


def plugin_for(provider: Mapping[str, Any]) -> Plugin | None:
    """The plugin that would talk to this provider, by endpoint host, else by wire protocol."""
    parts = urlsplit(provider["endpoint"])
    key = PLUGIN_BY_HOST.get(parts.hostname or "") or PLUGIN_BY_HOST.get(parts.netloc)
    if key is None:
        key = {"openai": "openai", "anthropic": "anthropic", "gemini": "google"}.get(provider["api"])
    return PLUGIN_BY_KEY.get(key) if key else None


def base_url_value(plugin: Plugin, endpoint: str) -> str:
    """plugin-ollama wants its native `/api` base; the others take our OpenAI-style base URL."""
    if plugin.key == "ollama" and endpoint.rstrip("/").endswith("/v1"):
        return endpoint.rstrip("/")[: -len("/v1")] + "/api"
    return endpoint


def build(envelope: Mapping[str, Any]) -> ElizaView:
    body = envelope["body"]
    providers = body["providers"]
    default = body["selection"].get("default_provider")
    order = ([default] if default in providers else []) + sorted(p for p in providers if p != default)
    taken: dict[str, str] = {}
    blocks: list[PluginBlock] = []
    notes: list[str] = []
    for name in order:
        provider = providers[name]
        if not provider.get("enabled", True):
            notes.append(f"provider `{name}` is disabled in modelcfg: not exported")
            continue
        plugin = plugin_for(provider)
        if plugin is None:
            notes.append(
                f"provider `{name}` ({provider['api']} at {provider['endpoint']}): "
                "no elizaOS model-provider plugin speaks to it"
            )
            continue
        if plugin.key in taken:
            notes.append(
                f"provider `{name}`: {plugin.package} is already configured for `{taken[plugin.key]}` "
                "and reads one set of variables"
            )
            continue
        taken[plugin.key] = name
        blocks.append(_block(name, provider, plugin))
    character, character_notes = _character(body, default, blocks)
    notes.extend(character_notes)
    notes.extend(_global_notes(body))
    return ElizaView(blocks=tuple(blocks), character=character, notes=tuple(notes))


def _block(name: str, provider: Mapping[str, Any], plugin: Plugin) -> PluginBlock:
    block = PluginBlock(provider=name, package=plugin.package)
    key_env = provider.get("api_key_env")
    if plugin.api_key and key_env:
        block.key_note = (
            f"{plugin.api_key}: set it in the environment (modelcfg reads the key from it too)"
            if key_env == plugin.api_key
            else f"{plugin.api_key}: set it to the value of ${key_env} (modelcfg's api_key_env); "
            "keys are never written here"
        )
    elif key_env:
        block.notes.append(f"api_key_env {key_env}: {plugin.package} takes no API key")
    if plugin.base_url:
        block.variables.append(EnvVar(plugin.base_url, base_url_value(plugin, provider["endpoint"])))
    elif provider["endpoint"].rstrip("/") != plugin.default_endpoint:
        block.notes.append(f"endpoint {provider['endpoint']}: {plugin.package} has no base URL setting")
    models = provider["models"]
    for model_class in [c for c in CLASS_NAMES if c in models]:
        model = models[model_class]
        var = plugin.models.get(model_class)
        if var is None:
            block.notes.append(
                f"{model_class} model {model['id']}: {plugin.package} has no {model_class} model"
            )
            continue
        block.variables.append(EnvVar(var, model["id"]))
        if model_class == "embedding" and model.get("dimensions"):
            if plugin.dimensions:
                block.variables.append(EnvVar(plugin.dimensions, str(model["dimensions"])))
            else:
                block.notes.append(
                    f"embedding dimensions {model['dimensions']}: {plugin.package} has no setting"
                )
    for detail in _provider_details(provider):
        block.notes.append(detail)
    return block


def _provider_details(provider: Mapping[str, Any]) -> list[str]:
    notes = [f"timeout_s {provider['timeout_s']}: no plugin timeout setting"]
    if provider.get("headers"):
        notes.append(f"headers {', '.join(sorted(provider['headers']))}: no plugin header setting")
    for model_class, model in sorted(provider["models"].items()):
        if model.get("rate_limits"):
            limits = {
                k: v for k, v in model["rate_limits"].items() if k in ("rpm", "tpm", "max_concurrency") and v
            }
            notes.append(f"{model_class} rate_limits {_plain(limits)}: Eliza has no rate-limit setting")
    return notes


def _character(
    body: Mapping[str, Any], default: str | None, blocks: list[PluginBlock]
) -> tuple[dict[str, Any], list[str]]:
    """`settings` for a character file: plugin variables plus v0.1.x `modelConfig` sampling settings."""
    settings: dict[str, Any] = {}
    for block in blocks:
        for var in block.variables:
            settings[var.name] = var.value
    notes: list[str] = []
    provider = body["providers"].get(default) if default else None
    model_class = body["selection"]["default_class"]
    model = (provider or {}).get("models", {}).get(model_class)
    if model is not None:
        # What the runtime sends when a request names nothing: the model's settings under the default profile.
        profile_name = body["selection"].get("default_profile")
        effective = {**model.get("settings", {}), **(body.get("profiles") or {}).get(profile_name or "", {})}
        merged = {
            **effective,
            "max_input_tokens": model.get("max_input_tokens"),
            "max_output_tokens": model.get("max_output_tokens"),
        }
        config = {k: merged[ours] for k, ours in MODEL_CONFIG_KEYS.items() if merged.get(ours) is not None}
        settings["modelConfig"] = config
        source = f"{default}/{model_class}" + (f" with profile `{profile_name}`" if profile_name else "")
        for key in SAMPLING_KEYS:
            if key in effective and key not in MODEL_CONFIG_KEYS.values():
                notes.append(
                    f"{source} {key}={_plain(effective[key])}: character modelConfig has no such field"
                )
        notes.extend(_differing(body, source, model_class, default, effective))
    # elizaOS asks the first loaded plugin for each model type: the default provider's plugin leads.
    plugins = [block.package for block in blocks]
    return {"plugins": plugins, "settings": dict(sorted(settings.items()))}, notes


def _differing(
    body: Mapping[str, Any], source: str, model_class: str, default: str | None, reference: Mapping[str, Any]
) -> list[str]:
    """Per-class settings other than the default's: one modelConfig per character can't hold them."""
    notes = []
    for name in sorted(body["providers"]):
        for cls, model in sorted(body["providers"][name]["models"].items()):
            if (name, cls) == (default, model_class) or cls not in CHAT_CLASS_NAMES:
                continue
            diff = {k: v for k, v in model.get("settings", {}).items() if reference.get(k) != v}
            if diff:
                notes.append(
                    f"{name}/{cls} settings {_plain(diff)}: a character has one modelConfig "
                    f"(taken from {source})"
                )
    return notes


def _global_notes(body: Mapping[str, Any]) -> list[str]:
    notes = []
    chains = {k: v for k, v in sorted(body["failover"]["chains"].items()) if len(v) > 1}
    for key, chain in chains.items():
        rest = ", ".join(f"{e['provider']}/{e['class']}" for e in chain[1:])
        notes.append(f"failover {key} -> {rest}: Eliza calls one provider per model type")
    retry = body["failover"]["retry"]
    notes.append(
        f"retry attempts={retry['attempts']} total_timeout_s={retry['total_timeout_s']}: no Eliza setting"
    )
    for name, values in sorted((body.get("profiles") or {}).items()):
        notes.append(f"profile `{name}` {_plain(values)}: Eliza has no named sampling profiles")
    if body["selection"].get("rules"):
        notes.append("selection rules: Eliza picks TEXT_SMALL/TEXT_LARGE per call, not by rule")
    return notes


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
