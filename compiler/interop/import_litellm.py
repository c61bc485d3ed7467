"""Import a LiteLLM proxy config.yaml as a modelcfg document.

Each `model_list` deployment becomes a model of a provider; deployments sharing a provider
prefix, endpoint and key become one provider. Model groups named `provider/class` (what
`modelcfg export litellm` writes) keep their names; other groups get a free class and a
finding saying which. Router fallbacks become failover chains. Every other key is reported.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcfg.schema.secrets import find_secret, mask

from ..diagnostic import Severity, Span
from .imported import BAD_VALUE, GUESSED, ImportResult, key_span, load_positioned, plain, value_span
from .litellm_names import (
    CAPABILITY_FLAGS,
    EXTRA_BODY_SETTINGS,
    KEY_VARIABLE,
    KNOWN_PARAMS,
    NUMERIC_ROUTER,
    OPENAI_COMPATIBLE,
    PROVIDER_NAME,
    REASONS,
    ROUTER_KEYS,
    SETTINGS,
    STATUSES_BY_FIELD,
    endpoint_for,
)

CLASSES = ("small", "medium", "large", "embedding", "image")
VERTEX_TOKEN_COMMAND = ("gcloud", "auth", "print-access-token")
ENV_REF_RE = re.compile(r"^os\.environ/([A-Za-z_][A-Za-z0-9_]*)$")
SMALL_HINT_RE = re.compile(r"mini|nano|haiku|flash|lite|small|instant|\b[1-9]b\b", re.IGNORECASE)


@dataclass(slots=True)
class _Provider:
    name: str
    doc: dict[str, Any]
    identity: tuple[str, str, str | None]
    models: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(slots=True)
class _State:
    label: str
    result: ImportResult
    providers: dict[str, _Provider] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # model group -> "provider/class"
    aliases: dict[str, str] = field(default_factory=dict)  # model_group_alias -> model group
    chains: dict[str, list[str]] = field(default_factory=dict)
    failover: dict[str, Any] = field(default_factory=dict)
    selection: dict[str, Any] = field(default_factory=dict)


def import_litellm(paths: Sequence[Path]) -> ImportResult:
    """Import one or more LiteLLM proxy config files into one modelcfg document."""
    result = ImportResult()
    state = _State(label="", result=result)
    for path in paths:
        root = load_positioned(path, result)
        if root is None:
            continue
        state.label = str(path)
        if not isinstance(root, Mapping):
            result.report(
                BAD_VALUE, Severity.ERROR, "a LiteLLM config is a mapping with `model_list`", Span(str(path))
            )
            continue
        _top_level(root, state)
    result.document = _document(state)
    return result


def _top_level(root: Mapping[str, Any], state: _State) -> None:
    for key in sorted(root, key=lambda k: k != "model_list"):  # groups first, then what refers to them
        span = key_span(root, key, state.label)
        if key == "model_list":
            entries = _shaped(root[key], list, "a list of deployments", span, state)
            for index, entry in enumerate(entries):
                _deployment(entry, key_span(entries, index, state.label), state)
        elif key == "router_settings":
            _router(_shaped(root[key], Mapping, "a mapping", span, state), state, ROUTER_KEYS)
        elif key == "litellm_settings":
            _router(
                _shaped(root[key], Mapping, "a mapping", span, state),
                state,
                ("num_retries", "request_timeout", "fallbacks", "context_window_fallbacks"),
            )
        elif key == "environment_variables":
            _environment(_shaped(root[key], Mapping, "a mapping", span, state), state)
        elif key == "general_settings":
            for sub in _shaped(root[key], Mapping, "a mapping", span, state):
                state.result.dropped(
                    f"general_settings.{sub}",
                    "a proxy server setting (auth, database, UI), not a model-provider setting",
                    key_span(root[key], sub, state.label),
                )
        else:
            state.result.dropped(
                str(key),
                "not a LiteLLM config section modelcfg maps",
                span,
                ("model_list", "router_settings", "litellm_settings", "general_settings"),
            )


def _shaped(node: Any, kind: type, what: str, span: Span, state: _State) -> Any:
    """``node`` when it is a ``kind`` (None counts as empty), else an empty one and a finding."""
    empty: Any = {} if kind is Mapping else []
    if node is None:
        return empty
    if isinstance(node, kind) and not isinstance(node, str):
        return node
    state.result.report(
        BAD_VALUE, Severity.WARNING, f"expected {what}, got {type(node).__name__}; skipped", span
    )
    return empty


def _environment(env: Mapping[str, Any], state: _State) -> None:
    for name, value in env.items():
        secret = find_secret(str(value)) if isinstance(value, str) else None
        shown = f" (value {mask(secret)} not copied)" if secret else ""
        state.result.dropped(
            f"environment_variables.{name}",
            f"modelcfg reads variables from the process environment: set {name} there{shown}",
            key_span(env, name, state.label),
            severity=Severity.WARNING if secret else Severity.INFO,
        )


def _deployment(entry: Any, span: Span, state: _State) -> None:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("litellm_params"), Mapping):
        state.result.report(
            BAD_VALUE, Severity.ERROR, "a model_list entry needs `model_name` and `litellm_params`", span
        )
        return
    params = entry["litellm_params"]
    info = _shaped(
        entry.get("model_info"), Mapping, "a mapping", key_span(entry, "model_info", state.label), state
    )
    for key in entry:
        if key not in ("model_name", "litellm_params", "model_info"):
            state.result.dropped(
                str(key),
                "not a model_list entry field",
                key_span(entry, key, state.label),
                ("model_name", "litellm_params", "model_info"),
            )
    model = str(params.get("model", ""))
    prefix, _, model_id = model.partition("/") if "/" in model else ("openai", "", model)
    where = value_span(params, "model", state.label)
    if prefix not in OPENAI_COMPATIBLE | {"anthropic", "gemini", "vertex_ai"}:
        state.result.dropped(
            model,
            f"LiteLLM provider `{prefix}` has no modelcfg wire protocol "
            "(openai, anthropic, anthropic-vertex, gemini)",
            where,
            severity=Severity.ERROR,
        )
        return
    group = str(entry.get("model_name", model_id))
    named, _, suffix = group.rpartition("/")
    provider = _provider_for(prefix, params, state, named if suffix in CLASSES and named else None)
    if provider is None:
        return
    model_class = _class_for(group, provider, info, state, key_span(entry, "model_name", state.label))
    if model_class is None:
        return
    spec = _model(model_id, params, info, provider, state)
    if group in state.groups:
        state.chains.setdefault(state.groups[group], []).append(f"{provider.name}/{model_class}")
        state.result.report(
            GUESSED,
            Severity.INFO,
            f"second deployment of `{group}` imported as "
            f"`{provider.name}/{model_class}`, a fallback of `{state.groups[group]}`",
            span,
        )
    else:
        state.groups[group] = f"{provider.name}/{model_class}"
    provider.models[model_class] = spec


def _provider_for(
    prefix: str, params: Mapping[str, Any], state: _State, wanted: str | None
) -> _Provider | None:
    """The provider a deployment belongs to: same prefix, endpoint and key (and name, when the group says)."""
    endpoint = endpoint_for(prefix, params.get("api_base"), params.get("vertex_location"))
    if endpoint is None:
        state.result.report(
            BAD_VALUE,
            Severity.ERROR,
            f"`{prefix}` deployment without `api_base`: modelcfg needs the endpoint",
            key_span(params, "model", state.label),
        )
        return None
    key_env = _key_env(prefix, params, state)
    identity = (prefix, endpoint, key_env)
    for provider in state.providers.values():
        if provider.identity == identity and wanted in (None, provider.name):
            return provider
    base = wanted or PROVIDER_NAME.get(prefix, prefix)
    name, n = base, 2
    while name in state.providers:
        name, n = f"{base}-{n}", n + 1
    api = {"anthropic": "anthropic", "gemini": "gemini", "vertex_ai": "anthropic-vertex"}.get(
        prefix, "openai"
    )
    doc: dict[str, Any] = {"api": api, "endpoint": endpoint}
    if key_env:
        doc["api_key_env"] = key_env
    if prefix == "vertex_ai":
        doc["vertex"] = {
            "project": str(params.get("vertex_project", "")),
            "region": str(params.get("vertex_location", "us-east5")),
        }
        # LiteLLM uses Google application-default credentials; gcloud prints a token from the same.
        doc["token_command"] = list(VERTEX_TOKEN_COMMAND)
        state.result.report(
            GUESSED,
            Severity.INFO,
            "Vertex AI credentials: the project runs `gcloud auth print-access-token` for a token",
            key_span(params, "model", state.label),
        )
    if isinstance(params.get("extra_headers"), Mapping):
        doc["headers"] = {str(k): str(v) for k, v in params["extra_headers"].items()}
    timeout = params.get("timeout")
    if isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0:
        doc["timeout_s"] = timeout
    elif timeout is not None:
        state.result.report(
            BAD_VALUE,
            Severity.WARNING,
            f"`timeout` must be seconds > 0 (got {timeout!r}); not imported",
            value_span(params, "timeout", state.label),
        )
    provider = _Provider(name=name, doc=doc, identity=identity)
    state.providers[name] = provider
    return provider


def _key_env(prefix: str, params: Mapping[str, Any], state: _State) -> str | None:
    value = params.get("api_key")
    if value is None:
        return None
    match = ENV_REF_RE.match(str(value))
    if match:
        return match.group(1)
    variable = KEY_VARIABLE.get(prefix, f"{PROVIDER_NAME.get(prefix, prefix).upper()}_API_KEY")
    state.result.literal_key(str(value), variable, value_span(params, "api_key", state.label))
    return variable


def _class_for(
    group: str, provider: _Provider, info: Mapping[str, Any], state: _State, span: Span
) -> str | None:
    named, _, suffix = group.rpartition("/")
    if suffix in CLASSES and (named == provider.name or not named) and suffix not in provider.models:
        return suffix
    mode = info.get("mode", "chat")
    chat = ["small", "medium", "large"] if SMALL_HINT_RE.search(group) else ["medium", "large", "small"]
    wanted = {"embedding": ["embedding"], "image_generation": ["image"]}.get(mode, chat)
    free = [c for c in wanted if c not in provider.models]
    if not free:
        state.result.dropped(
            group,
            f"provider `{provider.name}` already has a model for every {mode} class",
            span,
            severity=Severity.ERROR,
        )
        return None
    state.result.report(
        GUESSED,
        Severity.INFO,
        f"model group `{group}` imported as `{provider.name}/{free[0]}`",
        span,
        "rename the class in modelcfg.yaml if another one fits better",
    )
    return free[0]


def _model(
    model_id: str, params: Mapping[str, Any], info: Mapping[str, Any], provider: _Provider, state: _State
) -> dict[str, Any]:
    spec: dict[str, Any] = {"id": model_id}
    settings = {k: plain(params[k]) for k in SETTINGS if k in params}
    extra = _shaped(
        params.get("extra_body"), Mapping, "a mapping", key_span(params, "extra_body", state.label), state
    )
    for key in extra:
        if key in EXTRA_BODY_SETTINGS:
            settings[key] = extra[key]
        else:
            state.result.dropped(
                f"extra_body.{key}",
                "not a sampling setting modelcfg knows",
                key_span(extra, key, state.label),
                EXTRA_BODY_SETTINGS,
            )
    if settings:
        spec["settings"] = dict(sorted(settings.items()))
    windows = {
        "max_input_tokens": info.get("max_input_tokens"),
        "max_output_tokens": params.get("max_tokens", info.get("max_output_tokens")),
    }
    spec.update({k: v for k, v in windows.items() if v is not None})
    if params.get("dimensions"):
        spec["dimensions"] = params["dimensions"]
    flags = [cap for cap, flag in CAPABILITY_FLAGS.items() if info.get(flag)]
    if flags:
        spec["capabilities"] = sorted(flags)
    limits = {
        ours: params[theirs]
        for ours, theirs in (("rpm", "rpm"), ("tpm", "tpm"), ("max_concurrency", "max_parallel_requests"))
        if params.get(theirs)
    }
    if limits:
        spec["rate_limits"] = limits
    image = {k: params[k] for k in ("size", "n") if k in params}
    if image:
        spec["image"] = image
    _check_params(params, provider, state)
    _check_info(info, state)
    return spec


def _check_params(params: Mapping[str, Any], provider: _Provider, state: _State) -> None:
    for key in params:
        if key not in KNOWN_PARAMS:
            state.result.dropped(
                str(key),
                "no modelcfg counterpart for this litellm_params field",
                key_span(params, key, state.label),
                KNOWN_PARAMS,
            )
    timeout = params.get("timeout")
    if isinstance(timeout, int | float) and timeout != provider.doc.get("timeout_s", timeout):
        state.result.dropped(
            "timeout",
            f"provider `{provider.name}` has one timeout "
            f"({provider.doc['timeout_s']}s, from its first deployment)",
            key_span(params, "timeout", state.label),
        )


def _check_info(info: Mapping[str, Any], state: _State) -> None:
    known = (
        "mode",
        "max_input_tokens",
        "max_output_tokens",
        "output_vector_size",
        *CAPABILITY_FLAGS.values(),
    )
    for key in info:
        if key not in known:
            state.result.dropped(
                f"model_info.{key}",
                "metadata modelcfg takes from its catalog",
                key_span(info, key, state.label),
                known,
                Severity.INFO,
            )


def _router(settings: Mapping[str, Any], state: _State, known: Sequence[str]) -> None:
    retry = state.failover.setdefault("retry", {})
    for key in sorted(settings, key=lambda k: k != "model_group_alias"):  # fallbacks may name aliases
        value, span = settings[key], key_span(settings, key, state.label)
        if key not in known:
            state.result.dropped(str(key), REASONS.get(str(key), "no modelcfg counterpart"), span, known)
        elif key in ("fallbacks", "context_window_fallbacks"):
            _fallbacks(_shaped(value, list, "a list of {group: [groups]}", span, state), state)
        elif key in NUMERIC_ROUTER:
            section, field_name, offset = NUMERIC_ROUTER[key]
            if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
                state.failover.setdefault(section, {})[field_name] = value + offset
            else:
                state.result.report(
                    BAD_VALUE,
                    Severity.WARNING,
                    f"`{key}` must be a number (got {value!r}); not imported",
                    span,
                )
        elif key == "retry_policy":
            policy = _shaped(value, Mapping, "a mapping of error kinds to retries", span, state)
            statuses = sorted(s for f, n in policy.items() if n for s in STATUSES_BY_FIELD.get(str(f), []))
            retry["retry_on_status"] = statuses
        elif key == "routing_strategy" and value != "simple-shuffle":
            state.result.dropped(f"routing_strategy: {value}", "modelcfg tries chain entries in order", span)
        elif key == "model_group_alias":
            _aliases(_shaped(value, Mapping, "a mapping of alias to model group", span, state), state)


def _fallbacks(entries: Any, state: _State) -> None:
    for index, entry in enumerate(entries or []):
        span = key_span(entries, index, state.label)
        for head, rest in _shaped(entry, Mapping, "a {group: [groups]} mapping", span, state).items():
            if head in state.aliases and head not in state.groups:
                head = state.aliases[head]  # the alias's own entry repeats its group's chain
            if head not in state.groups:
                state.result.report(
                    BAD_VALUE, Severity.WARNING, f"fallback for unknown model group `{head}`", span
                )
                continue
            chain = state.chains.setdefault(state.groups[head], [])
            for group in _shaped(rest, list, "a list of model groups", span, state):
                target = state.groups.get(str(group))
                if target is None:
                    state.result.report(
                        BAD_VALUE, Severity.WARNING, f"fallback to unknown model group `{group}`", span
                    )
                elif target not in chain:
                    chain.append(target)


def _aliases(aliases: Mapping[str, Any], state: _State) -> None:
    """Class-name aliases pick the default provider; other aliases become named tasks."""
    tasks: dict[str, dict[str, str]] = {}
    for alias, group in aliases.items():
        span = key_span(aliases, alias, state.label)
        target = state.groups.get(str(group))
        if target is None:
            state.result.report(
                BAD_VALUE, Severity.WARNING, f"alias `{alias}` names unknown group `{group}`", span
            )
            continue
        state.aliases[str(alias)] = str(group)
        provider, model_class = target.split("/")
        if alias in CLASSES and alias == model_class:
            state.selection.setdefault("default_provider", provider)
        else:
            tasks[str(alias)] = {"class": model_class, "provider": provider}
    default = state.selection.get("default_provider")
    for task in tasks.values():
        if task["provider"] == default:
            del task["provider"]
    if tasks:
        state.selection["tasks"] = tasks


def _compact(spec: dict[str, Any]) -> str | dict[str, Any]:
    """A model with nothing but an id is written as the id."""
    return str(spec["id"]) if set(spec) == {"id"} else spec


def _document(state: _State) -> dict[str, Any]:
    providers = {}
    for name, provider in state.providers.items():
        providers[name] = {
            **provider.doc,
            "models": {c: _compact(provider.models[c]) for c in CLASSES if c in provider.models},
        }
    document: dict[str, Any] = {"version": 1, "providers": providers}
    if state.selection:
        document["selection"] = state.selection
    chains = {head: rest for head, rest in sorted(state.chains.items()) if rest}
    failover = {k: v for k, v in state.failover.items() if v}
    if chains:
        failover["chains"] = chains
    if failover:
        document["failover"] = {k: failover[k] for k in ("chains", "retry", "breaker") if k in failover}
    return document
