"""The compiled table as `KEY=VALUE` lines, for apps that read settings from the environment.

Naming scheme (docs/interop.md): every key starts with `MODELCFG_`; provider, class and
profile names are upper-cased with anything but letters and digits turned into `_`:

    MODELCFG_<PROVIDER>_API / _ENDPOINT / _API_KEY_ENV / _TIMEOUT_S / _ENABLED / _HEADERS
    MODELCFG_<PROVIDER>_<CLASS>_MODEL / _MAX_INPUT_TOKENS / _MAX_OUTPUT_TOKENS / _DIMENSIONS
    MODELCFG_<PROVIDER>_<CLASS>_<SETTING>         (TEMPERATURE, TOP_P, STOP, ...)
    MODELCFG_<PROVIDER>_<CLASS>_RPM / _TPM / _MAX_CONCURRENCY / _CAPABILITIES
    MODELCFG_FAILOVER_<PROVIDER>_<CLASS>           comma-separated `provider/class` after the head
    MODELCFG_RETRY_<FIELD>, MODELCFG_BREAKER_<FIELD>, MODELCFG_PROFILE_<NAME>_<SETTING>
    MODELCFG_DEFAULT_PROVIDER / _CLASS / _PROFILE

Lists and objects are JSON; booleans are `true`/`false`. API keys are never values: the
`_API_KEY_ENV` line names the variable that holds the key.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelcfg.schema.classes import CLASS_NAMES


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class DotenvView:
    sections: tuple[Section, ...]
    notes: tuple[str, ...]


def part(name: str) -> str:
    """One name as a variable-name segment."""
    return re.sub(r"[^A-Za-z0-9]", "_", name).upper()


def text(value: Any) -> str:
    """A value as the string an app reads back."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def build(envelope: Mapping[str, Any]) -> DotenvView:
    body = envelope["body"]
    sections = [_selection(body)]
    notes: list[str] = []
    seen: dict[str, str] = {}
    for name in sorted(body["providers"]):
        if part(name) in seen:
            notes.append(
                f"providers `{seen[part(name)]}` and `{name}` share the prefix MODELCFG_{part(name)}"
            )
        seen[part(name)] = name
        sections.append(_provider(name, body["providers"][name]))
    sections.append(_failover(body["failover"]))
    for name in sorted(body.get("profiles") or {}):
        values = body["profiles"][name]
        sections.append(
            Section(
                f"profile {name}",
                tuple((f"MODELCFG_PROFILE_{part(name)}_{part(k)}", text(values[k])) for k in sorted(values)),
            )
        )
    notes.append("embedding cache tiers: not exported (the runtime reads them from the table)")
    return DotenvView(sections=tuple(sections), notes=tuple(notes))


def _selection(body: Mapping[str, Any]) -> Section:
    selection = body["selection"]
    lines = [
        (f"MODELCFG_DEFAULT_{k.split('_')[1].upper()}", text(selection[k]))
        for k in ("default_provider", "default_class", "default_profile")
        if selection.get(k) is not None
    ]
    return Section("selection", tuple(lines))


def _provider(name: str, provider: Mapping[str, Any]) -> Section:
    p = f"MODELCFG_{part(name)}"
    lines = [(f"{p}_API", provider["api"]), (f"{p}_ENDPOINT", provider["endpoint"])]
    if provider.get("api_key_env"):
        lines.append((f"{p}_API_KEY_ENV", provider["api_key_env"]))
    if provider.get("token_command"):
        lines.append((f"{p}_TOKEN_COMMAND", text(provider["token_command"])))
    if provider.get("vertex"):
        lines += [
            (f"{p}_VERTEX_PROJECT", provider["vertex"]["project"]),
            (f"{p}_VERTEX_REGION", provider["vertex"]["region"]),
        ]
    if provider.get("headers"):
        lines.append((f"{p}_HEADERS", text(provider["headers"])))
    lines += [(f"{p}_TIMEOUT_S", text(provider["timeout_s"])), (f"{p}_ENABLED", text(provider["enabled"]))]
    for model_class in [c for c in CLASS_NAMES if c in provider["models"]]:
        lines += _model(f"{p}_{part(model_class)}", provider["models"][model_class])
    return Section(f"provider {name}", tuple(lines))


def _model(prefix: str, model: Mapping[str, Any]) -> list[tuple[str, str]]:
    lines = [(f"{prefix}_MODEL", model["id"])]
    for key in ("max_input_tokens", "max_output_tokens", "dimensions"):
        if model.get(key) is not None:
            lines.append((f"{prefix}_{part(key)}", text(model[key])))
    for key in sorted(model.get("settings") or {}):
        lines.append((f"{prefix}_{part(key)}", text(model["settings"][key])))
    if model.get("capabilities"):
        lines.append((f"{prefix}_CAPABILITIES", ",".join(model["capabilities"])))
    for group in ("embedding", "image", "rate_limits"):
        for key, value in sorted((model.get(group) or {}).items()):
            if value is not None:
                lines.append((f"{prefix}_{part(key)}", text(value)))
    return lines


def _failover(failover: Mapping[str, Any]) -> Section:
    lines = []
    for key in sorted(failover["chains"]):
        rest = [f"{e['provider']}/{e['class']}" for e in failover["chains"][key][1:]]
        if rest:
            provider, model_class = key.split("/")
            lines.append((f"MODELCFG_FAILOVER_{part(provider)}_{part(model_class)}", ",".join(rest)))
    for group in ("retry", "breaker"):
        for key in sorted(failover[group]):
            lines.append((f"MODELCFG_{group.upper()}_{part(key)}", text(failover[group][key])))
    return Section("failover", tuple(lines))
