"""One LiteLLM deployment as a modelcfg provider and model: endpoint, headers, timeout, limits.

Deployments with the same prefix, endpoint, key (`litellm_keys`), headers and timeout share a
provider; one whose classes are all taken gets a sibling on the same endpoint and key.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from modelcfg.profiles.catalog import load_catalog
from modelcfg.schema.classes import CLASS_NAMES

from ..diagnostic import Severity
from .imported import BAD_VALUE, GUESSED, ImportResult, key_span, plain, value_span
from .litellm_keys import (
    ENV_REF_RE,
    Found,
    Key,
    fresh_variable,
    headers_of,
    hidden_key,
    key_of,
    without_query_keys,
)
from .litellm_names import (
    CAPABILITY_FLAGS,
    EXTRA_BODY_SETTINGS,
    KNOWN_PARAMS,
    PROVIDER_NAME,
    SETTINGS,
    endpoint_for,
)
from .litellm_route import OLLAMA_PREFIXES, Route

CLASSES = CLASS_NAMES
VERTEX_TOKEN_COMMAND = ("gcloud", "auth", "print-access-token")
OLLAMA_DEFAULT_BASE = "http://localhost:11434"


@dataclass(slots=True)
class Provider:
    name: str
    doc: dict[str, Any]
    identity: tuple[Any, ...]
    models: dict[str, dict[str, Any]] = field(default_factory=dict)

    def spec(
        self,
        found: Route,
        entry: Mapping[str, Any],
        params: Mapping[str, Any],
        info: Mapping[str, Any],
        state: "State",
    ) -> dict[str, Any]:
        """The model of one deployment, with its settings, windows, capabilities and limits."""
        spec: dict[str, Any] = {"id": found.model_id}
        settings = {k: plain(params[k]) for k in SETTINGS if k in params}
        settings.update(_extra_body(params, state))
        if settings:
            spec["settings"] = dict(sorted(settings.items()))
        windows = {
            "max_input_tokens": info.get("max_input_tokens"),
            "max_output_tokens": params.get("max_tokens", info.get("max_output_tokens")),
        }
        known = load_catalog().lookup(found.prefix, found.model_id)
        # What the catalog already says adds nothing (and `modelcfg export` writes the catalog's windows).
        spec.update({k: v for k, v in windows.items() if v is not None and v != getattr(known, k, None)})
        if params.get("dimensions"):
            spec["dimensions"] = params["dimensions"]
        flags = [cap for cap, flag in CAPABILITY_FLAGS.items() if info.get(flag)]
        if flags:
            spec["capabilities"] = sorted(flags)
        limits = _limits(entry, params)
        if limits:
            spec["rate_limits"] = limits
        image = {k: params[k] for k in ("size", "n") if k in params}
        if image:
            spec["image"] = image
        _check_params(params, state)
        _check_info(info, state)
        return spec


@dataclass(slots=True)
class State:
    label: str
    result: ImportResult
    providers: dict[str, Provider] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # model group -> "provider/class"
    tasks: dict[str, str] = field(default_factory=dict)  # name clients call -> "provider/class"
    aliases: dict[str, str] = field(default_factory=dict)  # model_group_alias -> model group
    chains: dict[str, list[str]] = field(default_factory=dict)
    context_chains: dict[str, list[str]] = field(default_factory=dict)
    failover: dict[str, Any] = field(default_factory=dict)
    selection: dict[str, Any] = field(default_factory=dict)
    allow_env: set[str] = field(default_factory=set)
    variables: set[str] = field(default_factory=set)  # key variables the document names
    unimported: set[str] = field(default_factory=set)  # model groups reported as not imported


def deployment_providers(
    found: Route, params: Mapping[str, Any], state: State, wanted: str | None, classes: Sequence[str] = ()
) -> Provider | None:
    """The provider a deployment belongs to (same prefix, endpoint, key, headers and timeout);
    a new one when none matches. None after reporting a deployment with no usable endpoint."""
    hidden: list[Found] = []
    endpoint = _endpoint(found.prefix, params, state, hidden)
    if endpoint is None:
        return None
    headers = headers_of(params, state, hidden)
    key = key_of(found.prefix, endpoint, params, state, hidden)
    timeout = _timeout(params, state)
    identity = (found.prefix, endpoint, key.identity, tuple(sorted(headers.items())), timeout)
    provider = next(
        (
            p
            for p in state.providers.values()
            if p.identity == identity
            and wanted in (None, p.name)
            and (not classes or any(c not in p.models for c in classes))
        ),
        None,
    )  # a provider whose classes are all taken gets a sibling on the same endpoint and key
    if provider is None:
        provider = _new_provider(found, endpoint, key, headers, timeout, params, state, wanted, identity)
    if key.literal is not None:
        state.result.literal_key(
            key.literal, provider.doc["api_key_env"], value_span(params, "api_key", state.label)
        )
    for secret in hidden:
        hidden_key(secret, provider, state)
    return provider


def _new_provider(
    found: Route,
    endpoint: str,
    key: Key,
    headers: dict[str, str],
    timeout: float | None,
    params: Mapping[str, Any],
    state: State,
    wanted: str | None,
    identity: tuple[Any, ...],
) -> Provider:
    base = wanted or PROVIDER_NAME.get(found.prefix, found.prefix)
    name, n = base, 2
    while name in state.providers:
        name, n = f"{base}-{n}", n + 1
    api = {"anthropic": "anthropic", "gemini": "gemini", "vertex_ai": "anthropic-vertex"}.get(
        found.prefix, "openai"
    )
    doc: dict[str, Any] = {"api": api, "endpoint": endpoint}
    variable = key.variable or (fresh_variable(name, state) if key.literal is not None else None)
    if variable:
        doc["api_key_env"] = variable
        state.variables.add(variable)
    if found.prefix == "vertex_ai":
        doc["vertex"] = {
            "project": _templated(params, "vertex_project", "", state),
            "region": _templated(params, "vertex_location", "us-east5", state),
        }
        # LiteLLM uses Google application-default credentials; gcloud prints a token from the same.
        doc["token_command"] = list(VERTEX_TOKEN_COMMAND)
        state.result.report(
            GUESSED,
            Severity.INFO,
            "Vertex AI credentials: the project runs `gcloud auth print-access-token` for a token",
            key_span(params, "model", state.label),
        )
    if headers:
        doc["headers"] = headers
    if timeout is not None:
        doc["timeout_s"] = timeout
    provider = Provider(name=name, doc=doc, identity=identity)
    state.providers[name] = provider
    return provider


def _templated(params: Mapping[str, Any], key: str, default: str, state: State) -> str:
    """A value, or `{{ env("VAR") }}` (allowed) for LiteLLM's `os.environ/VAR`."""
    value = str(params.get(key, default))
    match = ENV_REF_RE.match(value)
    if match is None:
        return value
    state.allow_env.add(match.group(1))
    return f'{{{{ env("{match.group(1)}") }}}}'


def _endpoint(prefix: str, params: Mapping[str, Any], state: State, hidden: list[Found]) -> str | None:
    raw = params.get("api_base")
    span = value_span(params, "api_base", state.label)
    if raw is not None and not isinstance(raw, str):
        state.result.report(BAD_VALUE, Severity.ERROR, f"`api_base` must be a URL (got {raw!r})", span)
        return None
    base = raw
    if raw is not None and (match := ENV_REF_RE.match(raw)):
        variable = match.group(1)
        state.allow_env.add(variable)
        base = f'{{{{ env("{variable}") }}}}'
        state.result.report(
            GUESSED,
            Severity.INFO,
            f"`api_base` is read from ${variable} when the project compiles (`allow_env: [{variable}]`)",
            span,
            f"set {variable} wherever you run `modelcfg compile`",
        )
    elif raw is not None:
        base = without_query_keys(raw, span, hidden)
    if prefix in OLLAMA_PREFIXES:
        root = (base or OLLAMA_DEFAULT_BASE).rstrip("/")
        return root if root.endswith("/v1") else root + "/v1"
    endpoint = endpoint_for(prefix, base, params.get("vertex_location"))
    if endpoint is None:
        state.result.report(
            BAD_VALUE,
            Severity.ERROR,
            f"`{prefix}` deployment without `api_base`: modelcfg needs the endpoint",
            key_span(params, "model", state.label),
            "add the server's `api_base`",
        )
    return endpoint


def _timeout(params: Mapping[str, Any], state: State) -> float | None:
    timeout = params.get("timeout")
    if timeout is None:
        return None
    if isinstance(timeout, int | float) and not isinstance(timeout, bool) and 0 < timeout <= 3600:
        return timeout
    state.result.report(
        BAD_VALUE,
        Severity.WARNING,
        f"`timeout` must be seconds in (0, 3600] (got {timeout!r}); not imported",
        value_span(params, "timeout", state.label),
    )
    return None


def _limits(entry: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """LiteLLM reads `rpm`/`tpm` on the deployment and in its litellm_params (params win)."""
    limits: dict[str, Any] = {}
    for ours, theirs in (("rpm", "rpm"), ("tpm", "tpm"), ("max_concurrency", "max_parallel_requests")):
        value = params.get(theirs, entry.get(theirs))
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            limits[ours] = value
    return limits


def _extra_body(params: Mapping[str, Any], state: State) -> dict[str, Any]:
    extra = params.get("extra_body")
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        state.result.report(
            BAD_VALUE,
            Severity.WARNING,
            "expected a mapping; skipped",
            key_span(params, "extra_body", state.label),
        )
        return {}
    settings = {}
    for key in extra:
        if key in EXTRA_BODY_SETTINGS:
            settings[str(key)] = plain(extra[key])
        else:
            state.result.dropped(
                f"extra_body.{key}",
                "not a sampling setting modelcfg knows",
                key_span(extra, key, state.label),
                EXTRA_BODY_SETTINGS,
            )
    return settings


def _check_params(params: Mapping[str, Any], state: State) -> None:
    for key in params:
        if key not in KNOWN_PARAMS:
            state.result.dropped(
                str(key),
                "no modelcfg counterpart for this litellm_params field",
                key_span(params, key, state.label),
                KNOWN_PARAMS,
            )


def _check_info(info: Mapping[str, Any], state: State) -> None:
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
