"""Import elizaOS settings (a character JSON and/or a .env) as a modelcfg document.

Reads both the current plugin variables (`OPENAI_SMALL_MODEL`, `ANTHROPIC_BASE_URL`, ...)
and the seed-era core names (`SMALL_OPENAI_MODEL`, `OPENAI_API_URL`, ...), the character's
`modelProvider` and `settings` (`secrets`, plugin variables, `modelConfig` in snake_case or
camelCase). Every other key is reported where it stands.
"""

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcfg.schema.classes import CHAT_CLASS_NAMES, CLASS_NAMES
from modelcfg.schema.secrets import find_secret

from ..diagnostic import Severity, Span
from .eliza_names import (
    CAMEL_SETTINGS,
    GENERIC_MODELS,
    PLUGIN_BY_KEY,
    PLUGINS,
    SEED_PROVIDERS,
)
from .imported import (
    BAD_VALUE,
    GUESSED,
    NO_COUNTERPART,
    ImportResult,
    key_span,
    load_positioned,
    read_input,
    value_span,
)

REFERENCE_RE = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")
PERSONA_KEYS = frozenset(
    {
        "name",
        "username",
        "bio",
        "lore",
        "system",
        "messageExamples",
        "postExamples",
        "topics",
        "style",
        "adjectives",
        "knowledge",
        "clients",
        "templates",
        "id",
        "people",
        "twitterProfile",
        "clientConfig",
        "extends",
        "nft",
    }
)
EMBEDDING_TOGGLES = frozenset({"USE_OPENAI_EMBEDDING", "USE_OLLAMA_EMBEDDING", "USE_GAIANET_EMBEDDING"})
TOKEN_KEYS = ("max_input_tokens", "max_output_tokens")


@dataclass(frozen=True, slots=True)
class Target:
    """What one variable sets: a provider field or a class's model id."""

    provider: str
    api: str
    default_endpoint: str
    what: str  # "key", "endpoint", "dimensions" or a model class


def _targets() -> dict[str, Target]:
    table: dict[str, Target] = {}
    for seed in SEED_PROVIDERS:
        if seed.api_key:
            table[seed.api_key] = Target(seed.key, seed.api, seed.default_endpoint, "key")
        if seed.endpoint_var:
            table[seed.endpoint_var] = Target(seed.key, seed.api, seed.default_endpoint, "endpoint")
        for model_class, var in seed.models.items():
            table[var] = Target(seed.key, seed.api, seed.default_endpoint, model_class)
        if seed.all_chat:  # e.g. GOOGLE_MODEL: every chat class without its own variable
            table[seed.all_chat] = Target(seed.key, seed.api, seed.default_endpoint, "chat")
    for plugin in PLUGINS:  # current names win where both eras use one
        if plugin.api_key:
            table[plugin.api_key] = Target(plugin.key, plugin.api, plugin.default_endpoint, "key")
        if plugin.base_url:
            table[plugin.base_url] = Target(plugin.key, plugin.api, plugin.default_endpoint, "endpoint")
        if plugin.dimensions:
            table[plugin.dimensions] = Target(plugin.key, plugin.api, plugin.default_endpoint, "dimensions")
        for model_class, var in plugin.models.items():
            table[var] = Target(plugin.key, plugin.api, plugin.default_endpoint, model_class)
    return table


TARGETS = _targets()
SEED_BY_KEY = {s.key: s for s in SEED_PROVIDERS}
#: The key variable each provider's plugin reads when the input names none.
KEY_BY_PROVIDER = {**{s.key: s.api_key for s in SEED_PROVIDERS}, **{p.key: p.api_key for p in PLUGINS}}
KNOWN_NAMES = (*TARGETS, *GENERIC_MODELS)


@dataclass(slots=True)
class _State:
    result: ImportResult
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    default: str | None = None
    generic: list[tuple[str, str, Span]] = field(default_factory=list)  # (class, model id, where)
    sampling: list[tuple[str, Any, Span]] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    all_classes: list[tuple[str, str]] = field(default_factory=list)  # (provider, model id)
    seen_at: dict[str, Span] = field(default_factory=dict)  # where each provider was first named


def import_eliza(paths: Sequence[Path]) -> ImportResult:
    """Import .env files and character JSON files (told apart by content) into one document."""
    result = ImportResult()
    state = _State(result=result)
    for path in paths:
        if _is_json(path, result):
            _character(path, state)
        else:
            _dotenv(path, state)
    for name, model_id in state.all_classes:
        for model_class in CHAT_CLASS_NAMES:
            state.providers[name]["models"].setdefault(model_class, {}).setdefault("id", model_id)
    _apply_generic(state)
    _apply_sampling(state)
    served = [n for n in state.order if _without_models(n, state)]
    document: dict[str, Any] = {
        "version": 1,
        "providers": {n: _provider_doc(state.providers[n]) for n in served},
    }
    default = _chosen_default(state, served)
    if default:
        document["selection"] = {"default_provider": default}
    result.document = document
    result.withhold_secrets()
    return result


def _without_models(name: str, state: _State) -> bool:
    """True when the provider has a model; else it is reported (a key or URL alone serves nothing)."""
    if name == state.default or any(spec.get("id") for spec in state.providers[name]["models"].values()):
        return True  # the character's `modelProvider` is kept: it carries its settings
    state.result.report(
        NO_COUNTERPART,
        Severity.INFO,
        f"provider `{name}` not written: the input names no model for it (its key or URL alone "
        "serves nothing)",
        state.seen_at.get(name, Span("")),
        f"set one of its model variables to import `{name}`",
    )
    return False


def _placeholder(text: str) -> bool:
    """`sk-*`, `put your key here`: a template's hint, not a key (real keys have no `*` or spaces)."""
    return not find_secret(text) and (
        "*" in text or " " in text.strip() or text.lower() in {"xxx", "your-key"}
    )


def _chosen_default(state: _State, served: list[str]) -> str | None:
    """`modelProvider`, else the first listed plugin with settings (elizaOS asks plugins in
    order), else the first provider the input named."""
    if state.default in served:
        return state.default
    by_package = {p.package: p.key for p in PLUGINS}
    listed = [by_package[p] for p in state.plugins if by_package.get(p) in served]
    return listed[0] if listed else (served[0] if served else None)


def _is_json(path: Path, result: ImportResult) -> bool:
    if path.suffix == ".json":
        return True
    text = read_input(path, result)
    return text is not None and text.lstrip().startswith("{")


def _dotenv(path: Path, state: _State) -> None:
    """Read a .env the way elizaOS does (python-dotenv's parser, the dotenv grammar), keeping lines."""
    from dotenv.parser import parse_stream

    label = str(path)
    text = read_input(path, state.result)
    if text is None:
        return
    for binding in parse_stream(io.StringIO(text)):
        line = binding.original.line
        if binding.error:
            state.result.report(BAD_VALUE, Severity.WARNING, "not a KEY=VALUE line", Span(label, line, 1))
            continue
        if binding.key is None:
            continue  # a comment or blank line
        original = binding.original.string
        key_col = original.find(binding.key) + 1
        after = original.find("=", key_col) + 1
        value_col = after + len(original[after:]) - len(original[after:].lstrip(" \t")) + 1
        _variable(
            binding.key,
            binding.value or "",
            Span(label, line, max(key_col, 1)),
            Span(label, line, value_col if after else key_col),
            state,
        )


def _variable(name: str, value: Any, span: Span, value_at: Span, state: _State) -> None:
    """One setting, from a .env line, `settings` or `settings.secrets`."""
    text = "" if value is None else str(value)
    target = TARGETS.get(name)
    if name in GENERIC_MODELS:
        if text:
            state.generic.append((GENERIC_MODELS[name], text, span))
        return
    if target is None and name in EMBEDDING_TOGGLES:
        state.result.dropped(
            name,
            "modelcfg embeds with the `embedding` model of the selected provider",
            span,
            severity=Severity.INFO,
        )
        return
    if target is None:
        state.result.dropped(
            name, "not a model-provider setting of elizaOS", span, KNOWN_NAMES, Severity.INFO
        )
        return
    if not text and target.what != "key":
        return  # an empty line in a .env template sets nothing
    provider = _provider(target, state)
    state.seen_at.setdefault(target.provider, span)
    if target.what == "key":
        reference = REFERENCE_RE.match(text)
        if reference:
            provider["api_key_env"] = reference.group(1)
        else:
            provider["api_key_env"] = name
            if text and _placeholder(text):
                state.result.report(
                    GUESSED,
                    Severity.INFO,
                    f"`{name}` holds a placeholder, not a key: the project reads the key from ${name}",
                    value_at,
                )
            elif text:
                state.result.literal_key(text, name, value_at)
    elif target.what == "endpoint":
        provider["endpoint"] = _endpoint(target.provider, text)
    elif target.what == "dimensions":
        if text.isdigit():
            provider["embedding"] = {"dimensions": int(text)}
        else:
            state.result.report(
                BAD_VALUE, Severity.WARNING, f"`{name}` must be a whole number (got {text!r})", value_at
            )
    else:
        if target.what == "chat":
            state.all_classes.append((target.provider, text))
        else:
            provider["models"].setdefault(target.what, {})["id"] = text


def _endpoint(provider: str, url: str) -> str:
    """plugin-ollama's `/api` base is served OpenAI-style under `/v1`."""
    base = url.rstrip("/")
    if provider == "ollama":
        base = base[: -len("/api")] if base.endswith("/api") else base
        return base if base.endswith("/v1") else base + "/v1"
    return base if "://" in base else f"http://{base}"


def _provider(target: Target, state: _State) -> dict[str, Any]:
    if target.provider not in state.providers:
        provider: dict[str, Any] = {"api": target.api, "endpoint": target.default_endpoint, "models": {}}
        if KEY_BY_PROVIDER.get(target.provider):
            provider["api_key_env"] = KEY_BY_PROVIDER[target.provider]
        state.providers[target.provider] = provider
        state.order.append(target.provider)
    return state.providers[target.provider]


def _character(path: Path, state: _State) -> None:
    label = str(path)
    root = load_positioned(path, state.result)
    if root is None:
        return
    if not isinstance(root, Mapping):
        state.result.report(BAD_VALUE, Severity.ERROR, "a character file is a JSON object", Span(label))
        return
    for key in root:
        span = key_span(root, key, label)
        value = root[key]
        if key == "modelProvider":
            state.default = _provider_key(str(value), state, value_span(root, key, label))
        elif key == "plugins" and isinstance(value, list):
            state.plugins = [str(p) for p in value]
        elif key == "settings" and isinstance(value, Mapping):
            _settings(value, label, state)
        elif key == "$comment":
            continue  # the header `modelcfg export eliza-character` writes
        elif key in PERSONA_KEYS:
            state.result.dropped(
                str(key),
                "the character's persona, not a model-provider setting: it stays in the character file",
                span,
                severity=Severity.INFO,
            )
        else:
            state.result.dropped(
                str(key),
                "not a model-provider field of an elizaOS character",
                span,
                ("modelProvider", "settings", "plugins"),
                Severity.INFO,
            )


def _provider_key(name: str, state: _State, span: Span) -> str | None:
    known = {p.key for p in PLUGINS} | {s.key for s in SEED_PROVIDERS}
    key = {"llama_local": "ollama", "gemini": "google", "grok": "grok"}.get(name.lower(), name.lower())
    if key not in known:
        state.result.dropped(
            f"modelProvider: {name}", "no elizaOS provider of that name modelcfg knows", span, sorted(known)
        )
        return None
    return key


def _settings(settings: Mapping[str, Any], label: str, state: _State) -> None:
    for key in settings:
        span, value = key_span(settings, key, label), settings[key]
        if key == "secrets" and isinstance(value, Mapping):
            for name in value:
                _variable(
                    str(name),
                    value[name],
                    key_span(value, name, label),
                    value_span(value, name, label),
                    state,
                )
        elif key == "modelConfig" and isinstance(value, Mapping):
            for name in value:
                _sampling(str(name), value[name], key_span(value, name, label), state)
        elif key in CAMEL_SETTINGS:
            _sampling(str(key), value, span, state)
        elif key == "embeddingModel":
            state.generic.append(("embedding", str(value), span))
        elif key == "model":
            state.generic.append(("medium", str(value), span))
        elif isinstance(value, str | int | float) or value is None:
            _variable(str(key), value, span, value_span(settings, key, label), state)
        else:
            state.result.dropped(
                f"settings.{key}",
                "not a model-provider setting of elizaOS",
                span,
                ("secrets", "modelConfig", "embeddingModel", "model", *KNOWN_NAMES),
                Severity.INFO,
            )


def _sampling(name: str, value: Any, span: Span, state: _State) -> None:
    if name not in CAMEL_SETTINGS:
        state.result.dropped(
            name, "not a sampling setting or token limit modelcfg knows", span, CAMEL_SETTINGS
        )
        return
    state.sampling.append((CAMEL_SETTINGS[name], value, span))


def _default_provider(state: _State, span: Span, what: str) -> dict[str, Any] | None:
    """The provider settings without a provider prefix apply to: modelProvider, the only one, a plugin."""
    name = state.default or (state.order[0] if len(state.order) == 1 else None)
    if name is None:
        by_package = {p.package: p.key for p in PLUGINS}
        name = next((by_package[p] for p in state.plugins if p in by_package), None)
    if name is None:
        state.result.dropped(
            what,
            "no provider to apply it to: set `modelProvider` in the character, or name "
            "the provider's own variable",
            span,
            severity=Severity.WARNING,
        )
        return None
    if name not in state.providers:
        plugin, seed = PLUGIN_BY_KEY.get(name), SEED_BY_KEY.get(name)
        source = plugin or seed
        assert source is not None  # names come from _provider_key, which checks them
        _provider(Target(name, source.api, source.default_endpoint, "models"), state)
    return state.providers[name]


def _apply_generic(state: _State) -> None:
    """`SMALL_MODEL`, `settings.model`, `embeddingModel`: models of the default provider."""
    for model_class, model_id, span in state.generic:
        provider = _default_provider(state, span, f"{model_class} model {model_id}")
        if provider is not None:
            provider["models"].setdefault(model_class, {}).setdefault("id", model_id)


def _apply_sampling(state: _State) -> None:
    for key, value, span in state.sampling:
        provider = _default_provider(state, span, key)
        if provider is None:
            continue
        if key in TOKEN_KEYS:
            if isinstance(value, int) and value > 0:
                provider[key] = value
            else:
                state.result.report(
                    BAD_VALUE, Severity.WARNING, f"`{key}` must be a positive whole number", span
                )
        elif _valid_setting(key, value):
            provider.setdefault("settings", {})[key] = value
        else:
            state.result.report(BAD_VALUE, Severity.WARNING, f"`{key}` has the wrong type ({value!r})", span)


def _valid_setting(key: str, value: Any) -> bool:
    if key == "stop":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if key in ("top_k", "seed"):
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _provider_doc(provider: Mapping[str, Any]) -> dict[str, Any]:
    doc = {k: v for k, v in provider.items() if k != "models"}
    models = {}
    for model_class in CLASS_NAMES:
        spec = provider["models"].get(model_class)
        if spec and spec.get("id"):
            models[model_class] = spec["id"] if set(spec) == {"id"} else spec
    doc["models"] = models
    if "settings" in doc:
        doc["settings"] = dict(sorted(doc["settings"].items()))
    return doc
