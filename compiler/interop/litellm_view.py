"""The compiled table as a LiteLLM proxy config: what the `litellm.yaml.j2` template renders.

One deployment per provider/class (model group `provider/class`), router settings from our
failover chains, retry policy and breaker. Whatever LiteLLM has no place for becomes a note,
rendered as a comment next to where it would have gone.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelcfg.schema.classes import CHAT_CLASS_NAMES, CLASS_NAMES

from .litellm_names import (
    ACCEPTED_SETTINGS,
    CAPABILITY_FLAGS,
    EXTRA_BODY_SETTINGS,
    MODE_BY_CLASS,
    RETRY_POLICY_FIELD,
    api_base_for,
    endpoint_for,
    prefix_for,
    settings_family,
)


@dataclass(frozen=True, slots=True)
class Deployment:
    """One `model_list` entry."""

    model_name: str
    litellm_params: dict[str, Any]
    model_info: dict[str, Any]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LitellmView:
    """Everything the template needs, in output order."""

    deployments: tuple[Deployment, ...]
    skipped: tuple[str, ...]
    router_settings: dict[str, Any]
    router_notes: tuple[str, ...]
    litellm_settings: dict[str, Any]
    notes: tuple[str, ...]


def group_name(provider: str, model_class: str) -> str:
    """The LiteLLM model group of one provider/class pair."""
    return f"{provider}/{model_class}"


def sorted_classes(models: Mapping[str, Any]) -> list[str]:
    return sorted(models, key=lambda c: CLASS_NAMES.index(c) if c in CLASS_NAMES else len(CLASS_NAMES))


def build(envelope: Mapping[str, Any]) -> LitellmView:
    """Map a table envelope to the LiteLLM view."""
    body = envelope["body"]
    deployments: list[Deployment] = []
    skipped: list[str] = []
    for name in sorted(body["providers"]):
        provider = body["providers"][name]
        if not provider.get("enabled", True):
            skipped.append(f"provider `{name}` is disabled in modelcfg: not exported")
            continue
        for model_class in sorted_classes(provider["models"]):
            deployments.append(_deployment(name, provider, model_class, provider["models"][model_class]))
    exported = {d.model_name for d in deployments}
    router, router_notes = _router_settings(body, exported)
    retry = body["failover"]["retry"]
    litellm_settings = {"num_retries": retry["attempts"] - 1, "request_timeout": retry["total_timeout_s"]}
    return LitellmView(
        deployments=tuple(deployments),
        skipped=tuple(skipped),
        router_settings=router,
        router_notes=tuple(router_notes),
        litellm_settings=litellm_settings,
        notes=tuple(_global_notes(body)),
    )


def _deployment(
    name: str, provider: Mapping[str, Any], model_class: str, model: Mapping[str, Any]
) -> Deployment:
    prefix = prefix_for(provider["api"], provider["endpoint"])
    if prefix == "openai" and not provider.get("api_key_env") and api_base_for(prefix, provider["endpoint"]):
        # A keyless OpenAI-compatible server: LiteLLM's `openai` would demand (and send) OPENAI_API_KEY.
        prefix = "hosted_vllm"
    params: dict[str, Any] = {"model": f"{prefix}/{model['id']}"}
    notes: list[str] = []
    api_base = api_base_for(prefix, provider["endpoint"])
    if api_base is not None:
        params["api_base"] = api_base
    if provider.get("api_key_env"):
        params["api_key"] = f"os.environ/{provider['api_key_env']}"
    if provider.get("vertex"):
        params["vertex_project"] = provider["vertex"]["project"]
        params["vertex_location"] = provider["vertex"]["region"]
        if endpoint_for(prefix, None, provider["vertex"]["region"]) != provider["endpoint"].rstrip("/"):
            notes.append(
                f"endpoint {provider['endpoint']}: LiteLLM derives the Vertex AI host from the region"
            )
    if provider.get("token_command"):
        notes.append(
            "token_command "
            + " ".join(provider["token_command"])
            + ": LiteLLM authenticates to Vertex AI with Google application-default credentials"
        )
    if provider.get("headers"):
        params["extra_headers"] = dict(sorted(provider["headers"].items()))
    params.update(_settings(prefix, provider["endpoint"], model.get("settings") or {}, notes))
    if model_class in CHAT_CLASS_NAMES and model.get("max_output_tokens"):
        params["max_tokens"] = model["max_output_tokens"]
    if model.get("dimensions"):
        params["dimensions"] = model["dimensions"]
    params.update(_image(model.get("image"), notes))
    params["timeout"] = provider["timeout_s"]
    params.update(_limits(model.get("rate_limits"), notes))
    if model.get("embedding"):
        emb = model["embedding"]
        notes.append(
            f"embedding cache={_yaml_bool(emb.get('cache'))} batch_size={emb.get('batch_size')}: "
            "LiteLLM has no per-model embedding cache or batch size (modelcfg's runtime applies them)"
        )
    return Deployment(
        model_name=group_name(name, model_class),
        litellm_params=params,
        model_info=_model_info(model_class, model),
        notes=tuple(notes),
    )


def _settings(prefix: str, endpoint: str, settings: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
    accepted = ACCEPTED_SETTINGS[settings_family(prefix)]
    out: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key in sorted(settings):
        value = settings[key]
        if key in accepted:
            out[key] = value
        elif (
            prefix in ("openai", "hosted_vllm")
            and api_base_for(prefix, endpoint)
            and key in EXTRA_BODY_SETTINGS
        ):
            extra[key] = value
        else:
            notes.append(f"{key}={_plain(value)}: LiteLLM's `{prefix}` provider does not accept `{key}`")
    if extra:
        out["extra_body"] = extra
    return out


def _image(image: Mapping[str, Any] | None, notes: list[str]) -> dict[str, Any]:
    if not image:
        return {}
    out: dict[str, Any] = {}
    if image.get("size"):
        out["size"] = image["size"]
    if image.get("n"):
        out["n"] = image["n"]
    if image.get("steps"):
        notes.append(f"image steps={image['steps']}: OpenAI-style image requests have no diffusion steps")
    return out


def _limits(limits: Mapping[str, Any] | None, notes: list[str]) -> dict[str, Any]:
    if not limits:
        return {}
    out: dict[str, Any] = {}
    for ours, theirs in (("rpm", "rpm"), ("tpm", "tpm"), ("max_concurrency", "max_parallel_requests")):
        if limits.get(ours):
            out[theirs] = limits[ours]
    if limits.get("scope") == "redis":
        notes.append(
            f"rate_limits scope=redis ({limits.get('redis_url_env')}): set LiteLLM's router_settings "
            "redis_host/redis_port/redis_password to share rpm/tpm across proxy instances"
        )
    return out


def _model_info(model_class: str, model: Mapping[str, Any]) -> dict[str, Any]:
    info: dict[str, Any] = {"mode": MODE_BY_CLASS.get(model_class, "chat")}
    for key in ("max_input_tokens", "max_output_tokens"):
        if model.get(key):
            info[key] = model[key]
    if model.get("dimensions"):
        info["output_vector_size"] = model["dimensions"]
    for capability in model.get("capabilities") or []:
        if capability in CAPABILITY_FLAGS:
            info[CAPABILITY_FLAGS[capability]] = True
    return info


def _router_settings(body: Mapping[str, Any], exported: set[str]) -> tuple[dict[str, Any], list[str]]:
    failover = body["failover"]
    retry = failover["retry"]
    breaker = failover["breaker"]
    notes: list[str] = []
    fallbacks: dict[str, list[str]] = {}
    context_fallbacks = _context_fallbacks(failover, exported)
    for key in sorted(failover["chains"]):
        chain = [group_name(e["provider"], e["class"]) for e in failover["chains"][key]]
        head, rest = chain[0], [g for g in chain[1:] if g in exported]
        dropped = [g for g in chain[1:] if g not in exported]
        if dropped:
            notes.append(f"chain {key}: {', '.join(dropped)} disabled, left out of fallbacks")
        if head not in exported or not rest:
            continue
        fallbacks[head] = rest
    aliases = _aliases(body, exported)
    # LiteLLM looks fallbacks up by the name the caller used, so an alias needs its group's entry.
    for table in (fallbacks, context_fallbacks):
        table.update({a: table[g] for a, g in aliases.items() if g in table})
    router: dict[str, Any] = {
        "routing_strategy": "simple-shuffle",
        "num_retries": retry["attempts"] - 1,
        "timeout": retry["total_timeout_s"],
        "retry_after": retry["backoff_initial_s"],
        "allowed_fails": breaker["failure_threshold"],
        "cooldown_time": breaker["cooldown_s"],
        "retry_policy": _retry_policy(retry, notes),
    }
    if fallbacks:
        router["fallbacks"] = [{head: rest} for head, rest in fallbacks.items()]
    if context_fallbacks:
        router["context_window_fallbacks"] = [{head: rest} for head, rest in context_fallbacks.items()]
        router["enable_pre_call_checks"] = True
    if aliases:
        router["model_group_alias"] = aliases
    notes.append(
        f"backoff: LiteLLM waits retry_after then its own exponential backoff; modelcfg's "
        f"backoff_max_s={retry['backoff_max_s']} multiplier={retry['backoff_multiplier']} "
        f"jitter_s={retry['jitter_s']} honor_retry_after={_yaml_bool(retry['honor_retry_after'])} "
        "have no field"
    )
    if breaker.get("scope") == "redis":
        notes.append(
            f"breaker scope=redis ({breaker['redis_url_env']}): set redis_host/redis_port to share cooldowns"
        )
    return router, notes


def _retry_policy(retry: Mapping[str, Any], notes: list[str]) -> dict[str, int]:
    retries = retry["attempts"] - 1
    policy = {
        "AuthenticationErrorRetries": 0,
        "BadRequestErrorRetries": 0,
        "ContentPolicyViolationErrorRetries": 0,
    }
    for kind in sorted(set(RETRY_POLICY_FIELD.values())):
        policy[kind] = 0
    unmapped: list[str] = []
    for status in retry["retry_on_status"]:
        if status in RETRY_POLICY_FIELD:
            policy[RETRY_POLICY_FIELD[status]] = retries
        else:
            unmapped.append(str(status))
    if unmapped:
        notes.append(
            f"retry_on_status {', '.join(unmapped)}: LiteLLM's retry_policy has no error kind for it"
        )
    return dict(sorted(policy.items()))


def _aliases(body: Mapping[str, Any], exported: set[str]) -> dict[str, str]:
    """Bare class names route to the default provider's group, as modelcfg's selection does;
    each named task routes to its class's group (its profile and needs are notes)."""
    default = body["selection"].get("default_provider")
    aliases = {c: group_name(default, c) for c in CLASS_NAMES if group_name(default, c) in exported}
    for name, task in sorted((body["selection"].get("tasks") or {}).items()):
        group = group_name(task.get("provider") or default, task["class"])
        if group in exported and name not in aliases:
            aliases[name] = group
    return aliases


def _context_fallbacks(failover: Mapping[str, Any], exported: set[str]) -> dict[str, list[str]]:
    """Our `context_window_chains` (tried only when the context window is exceeded)."""
    out: dict[str, list[str]] = {}
    for key, entries in sorted((failover.get("context_window_chains") or {}).items()):
        rest = [g for g in (group_name(e["provider"], e["class"]) for e in entries) if g in exported]
        if key in exported and rest:
            out[key] = rest
    return out


def _global_notes(body: Mapping[str, Any]) -> list[str]:
    notes = []
    selection = body["selection"]
    if selection.get("default_provider"):
        notes.append(
            f"selection: default class `{selection['default_class']}` of provider "
            f"`{selection['default_provider']}`; the bare class names are model_group_alias entries"
        )
    if selection.get("default_profile"):
        notes.append(
            f"default_profile `{selection['default_profile']}` applies to requests naming no profile in "
            "modelcfg's runtime; LiteLLM sends each deployment's own settings"
        )
    for rule in selection.get("rules") or []:
        when = ", ".join(f"{k}={_plain(v)}" for k, v in sorted(rule["when"].items())) or "always"
        notes.append(f"selection rule ({when}) -> class {rule['class']}: LiteLLM routes by model name only")
    for name in sorted(selection.get("tasks") or {}):
        task = selection["tasks"][name]
        extras = [f"profile {task['profile']}"] if task.get("profile") else []
        extras += [f"needs {', '.join(task['needs'])}"] if task.get("needs") else []
        if extras:
            notes.append(
                f"task `{name}` {' '.join(extras)}: a model_group_alias carries only its model group"
            )
    for name in sorted(body.get("profiles") or {}):
        values = ", ".join(f"{k}={_plain(v)}" for k, v in sorted(body["profiles"][name].items()))
        notes.append(f"profile `{name}` ({values}): LiteLLM has no named sampling profiles")
    tiers = body.get("cache", {}).get("embeddings", {})
    enabled = [t for t in ("memory", "disk", "redis") if tiers.get(t, {}).get("enabled")]
    if enabled:
        notes.append(
            f"embedding cache tiers {'/'.join(enabled)}: LiteLLM's `cache` caches whole responses; "
            "modelcfg's runtime keeps the tiered embedding cache"
        )
    return notes


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return _yaml_bool(value)
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return str(value)


def _yaml_bool(value: Any) -> str:
    return "true" if value else "false"
