"""Import a LiteLLM proxy config.yaml as a modelcfg document.

Each `model_list` deployment becomes a model of a provider, placed where LiteLLM would send it
(`litellm_route`); deployments sharing a provider, endpoint, key, headers and timeout become one
provider. Model groups named `provider/class` (what `modelcfg export litellm` writes) keep their
names; every other group becomes a named task, so the name clients call survives the round trip.
Router `fallbacks` become failover chains, `context_window_fallbacks` context-window chains.
Keys: a variable the input names is kept; a literal key is never copied but moved to a variable
named after its provider; a missing key is the variable LiteLLM itself reads, on that provider's
own host only. Every other key is reported at its line.
"""

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from modelcfg.profiles.catalog import load_catalog
from modelcfg.schema.secrets import find_secret, mask

from ..diagnostic import Severity, Span
from .imported import (
    BAD_VALUE,
    GUESSED,
    NO_COUNTERPART,
    ImportResult,
    key_span,
    load_positioned,
    plain,
    value_span,
)
from .litellm_deployment import CLASSES, Provider, State, deployment_providers
from .litellm_names import NUMERIC_ROUTER, REASONS, ROUTER_KEYS, STATUSES_BY_FIELD
from .litellm_route import Route, Unroutable, route

#: LiteLLM `mode`s with a modelcfg class (chat-like modes share the chat classes).
SERVED_MODES = frozenset({"chat", "completion", "responses", "embedding", "image_generation", "image"})
SMALL_HINT_RE = re.compile(r"mini|nano|haiku|flash|lite|small|instant|fast|\b[1-9]b\b", re.IGNORECASE)
ENTRY_FIELDS = ("model_name", "litellm_params", "model_info", "rpm", "tpm")


def import_litellm(paths: Sequence[Path]) -> ImportResult:
    """Import one or more LiteLLM proxy config files into one modelcfg document."""
    result = ImportResult()
    state = State(label="", result=result)
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
    result.withhold_secrets()
    return result


def _top_level(root: Mapping[str, Any], state: State) -> None:
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


def _shaped(node: Any, kind: type, what: str, span: Span, state: State) -> Any:
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


def _environment(env: Mapping[str, Any], state: State) -> None:
    for name, value in env.items():
        secret = find_secret(str(value)) if isinstance(value, str) else None
        shown = f" (value {mask(secret)} not copied)" if secret else ""
        state.result.dropped(
            f"environment_variables.{name}",
            f"modelcfg reads variables from the process environment: set {name} there{shown}",
            key_span(env, name, state.label),
            severity=Severity.WARNING if secret else Severity.INFO,
        )


def _deployment(entry: Any, span: Span, state: State) -> None:
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
        if key not in ENTRY_FIELDS:
            state.result.dropped(
                str(key), "not a model_list entry field", key_span(entry, key, state.label), ENTRY_FIELDS
            )
    if not params.get("model"):
        state.result.report(
            BAD_VALUE,
            Severity.ERROR,
            "a deployment needs `litellm_params.model`; not imported",
            span,
            "move `model` (and `api_base`, `api_key`) under `litellm_params`",
        )
        state.unimported.add(str(entry.get("model_name", "")))
        return
    model = str(params.get("model", ""))
    explicit = params.get("custom_llm_provider")
    if isinstance(explicit, str) and explicit and not model.startswith(f"{explicit}/"):
        model = f"{explicit}/{model}"  # LiteLLM's explicit provider, the same as a prefix
    group = str(entry.get("model_name", model))
    where = value_span(params, "model", state.label)
    api_base = params.get("api_base")
    found = route(group if "*" in group else model, api_base if isinstance(api_base, str) else None)
    if isinstance(found, Unroutable):
        state.result.report(
            NO_COUNTERPART, Severity.ERROR, f"`{model}` not imported: {found.reason}", where, found.hint
        )
        state.unimported.add(group)
        return
    if found.inferred:
        state.result.report(GUESSED, Severity.INFO, f"provider of `{model}`: {found.inferred}", where)
    _place(group, found, entry, params, info, span, state)


def _place(
    group: str,
    found: Route,
    entry: Mapping[str, Any],
    params: Mapping[str, Any],
    info: Mapping[str, Any],
    span: Span,
    state: State,
) -> None:
    """Put one routable deployment into its provider under a class, and remember its group."""
    named, _, suffix = group.rpartition("/")
    wanted = named if suffix in CLASSES and named else None
    mode = str(info.get("mode") or _catalog_mode(found))
    if mode not in SERVED_MODES:
        state.result.report(
            NO_COUNTERPART,
            Severity.ERROR,
            f"`{group}` not imported: mode `{mode}`; modelcfg serves chat, embedding and image models",
            key_span(info, "mode", state.label) if "mode" in info else span,
        )
        state.unimported.add(group)
        return
    classes = () if wanted else _candidate_classes(group, mode)
    provider = deployment_providers(found, params, state, wanted, classes)
    if provider is None:
        state.unimported.add(group)
        return
    model_class = _class_for(group, provider, mode, state, key_span(entry, "model_name", state.label))
    if model_class is None:
        state.unimported.add(group)
        return
    target = f"{provider.name}/{model_class}"
    provider.models[model_class] = provider.spec(found, entry, params, info, state)
    if group in state.groups:
        state.chains.setdefault(state.groups[group], []).append(target)
        state.result.report(
            GUESSED,
            Severity.INFO,
            f"second deployment of `{group}` imported as `{target}`, a fallback of `{state.groups[group]}`",
            span,
            "modelcfg tries a group's deployments in order instead of spreading load over them",
        )
        return
    state.groups[group] = target
    if group != target:
        state.tasks[group] = target  # the name clients call: a task, exported as a model group alias


def _class_for(group: str, provider: Provider, mode: str, state: State, span: Span) -> str | None:
    named, _, suffix = group.rpartition("/")
    if suffix in CLASSES and (named == provider.name or not named) and suffix not in provider.models:
        return suffix
    free = [c for c in _candidate_classes(group, mode) if c not in provider.models]
    if not free:
        state.result.dropped(
            group,
            f"provider `{provider.name}` already has a model for `{group.rpartition('/')[2]}`",
            span,
            severity=Severity.ERROR,
        )
        return None
    state.result.report(
        GUESSED,
        Severity.INFO,
        f"model group `{group}` imported as `{provider.name}/{free[0]}`, called `{group}` as a task",
        span,
        "rename the class in modelcfg.yaml if another one fits better",
    )
    return free[0]


def _candidate_classes(group: str, mode: str) -> list[str]:
    """The classes a group without a `provider/class` name may take, best first."""
    chat = ["small", "medium", "large"] if _sounds_small(group) else ["medium", "large", "small"]
    return {"embedding": ["embedding"], "image_generation": ["image"], "image": ["image"]}.get(mode, chat)


def _catalog_mode(found: Route) -> str:
    """The catalog's mode of the model (LiteLLM's own `mode`), chat when it does not know it."""
    info = load_catalog().lookup(found.prefix, found.model_id)
    return info.mode if info is not None else "chat"


def _sounds_small(group: str) -> bool:
    return SMALL_HINT_RE.search(group) is not None


def _router(settings: Mapping[str, Any], state: State, known: Sequence[str]) -> None:
    retry = state.failover.setdefault("retry", {})
    for key in sorted(settings, key=lambda k: k != "model_group_alias"):  # fallbacks may name aliases
        value, span = settings[key], key_span(settings, key, state.label)
        if key not in known:
            state.result.dropped(str(key), REASONS.get(str(key), "no modelcfg counterpart"), span, known)
        elif key == "fallbacks":
            _fallbacks(_shaped(value, list, "a list of {group: [groups]}", span, state), state.chains, state)
        elif key == "context_window_fallbacks":
            entries = _shaped(value, list, "a list of {group: [groups]}", span, state)
            _fallbacks(entries, state.context_chains, state)
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
        elif key == "enable_pre_call_checks":
            state.result.dropped(
                "enable_pre_call_checks",
                "modelcfg counts no prompt tokens before a call: selection skips models whose "
                "max_input_tokens is below the request's `min_context`, and a context-window error "
                "moves to `failover.context_window_chains`",
                span,
                severity=Severity.INFO,
            )
        elif key == "model_group_alias":
            _aliases(_shaped(value, Mapping, "a mapping of alias to model group", span, state), state)


def _fallbacks(entries: Any, chains: dict[str, list[str]], state: State) -> None:
    for index, entry in enumerate(entries or []):
        span = key_span(entries, index, state.label)
        for head, rest in _shaped(entry, Mapping, "a {group: [groups]} mapping", span, state).items():
            if head in state.aliases and head not in state.groups:
                head = state.aliases[head]  # the alias's own entry repeats its group's chain
            if head not in state.groups:
                _unknown_group(str(head), "fallback for", span, state)
                continue
            chain = chains.setdefault(state.groups[head], [])
            for group in _shaped(rest, list, "a list of model groups", span, state):
                target = state.groups.get(str(group))
                if target is None:
                    _unknown_group(str(group), "fallback to", span, state)
                elif target not in chain and target != state.groups[head]:
                    chain.append(target)


def _unknown_group(group: str, what: str, span: Span, state: State) -> None:
    why = "which was not imported (see above)" if group in state.unimported else "which is not in model_list"
    state.result.report(BAD_VALUE, Severity.WARNING, f"{what} model group `{group}`, {why}", span)


def _aliases(aliases: Mapping[str, Any], state: State) -> None:
    """Class-name aliases pick the default provider; other aliases become named tasks."""
    for alias, group in aliases.items():
        span = key_span(aliases, alias, state.label)
        target = state.groups.get(str(group))
        if target is None:
            _unknown_group(str(group), f"alias `{alias}` names", span, state)
            continue
        state.aliases[str(alias)] = str(group)
        provider, model_class = target.split("/")
        if alias in CLASSES and alias == model_class:
            state.selection.setdefault("default_provider", provider)
        else:
            state.tasks.setdefault(str(alias), target)


def _task(target: str, selection: Mapping[str, Any]) -> dict[str, str]:
    """A task naming its provider unless it is the default one."""
    provider, model_class = target.split("/")
    if provider == selection.get("default_provider"):
        return {"class": model_class}
    return {"class": model_class, "provider": provider}


def _compact(spec: dict[str, Any]) -> str | dict[str, Any]:
    """A model with nothing but an id is written as the id."""
    return str(spec["id"]) if set(spec) == {"id"} else spec


def _document(state: State) -> dict[str, Any]:
    providers = {}
    for name, provider in state.providers.items():
        providers[name] = {
            **provider.doc,
            "models": {c: _compact(provider.models[c]) for c in CLASSES if c in provider.models},
        }
    document: dict[str, Any] = {"version": 1}
    if state.allow_env:
        document["allow_env"] = sorted(state.allow_env)
    document["providers"] = providers
    selection = dict(state.selection)
    if state.tasks:
        selection["tasks"] = {name: _task(target, selection) for name, target in state.tasks.items()}
    if selection:
        document["selection"] = selection
    failover = {k: v for k, v in state.failover.items() if v}
    chains = {head: rest for head, rest in sorted(state.chains.items()) if rest}
    windows = {head: rest for head, rest in sorted(state.context_chains.items()) if rest}
    if chains:
        failover["chains"] = chains
    if windows:
        failover["context_window_chains"] = windows
    order = ("chains", "context_window_chains", "retry", "breaker")
    if failover:
        document["failover"] = {k: plain(failover[k]) for k in order if k in failover}
    return document
