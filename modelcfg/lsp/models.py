"""Catalog facts for the model ids a config names: a provider's namespace, a hover line, the ids to offer."""

from collections.abc import Mapping
from typing import Any

from modelcfg.compiler.source import Path
from modelcfg.profiles.catalog import ModelInfo, load_catalog, namespace_for

__all__ = ["describe", "model_class_at", "namespace_of", "offered_models"]

_MODES = {
    "embedding": frozenset({"embedding"}),
    "image": frozenset({"image"}),
}
_CHAT_MODES = frozenset({"chat", "completion", "responses"})


def model_class_at(path: Path) -> tuple[str, str] | None:
    """(provider, class) when ``path`` is a model id: `providers.P.models.C` or its `.id`."""
    if len(path) in (4, 5) and path[0] == "providers" and path[2] == "models":
        if len(path) == 5 and path[4] != "id":
            return None
        return str(path[1]), str(path[3])
    return None


def namespace_of(tree: Mapping[str, Any], provider: str) -> str | None:
    """The catalog namespace of ``provider`` in a merged tree: `catalog`, else the endpoint's host."""
    providers = tree.get("providers")
    entry = providers.get(provider) if isinstance(providers, dict) else None
    if not isinstance(entry, dict):
        return None
    endpoint, explicit = entry.get("endpoint"), entry.get("catalog")
    return namespace_for(
        endpoint if isinstance(endpoint, str) else "", explicit if isinstance(explicit, str) else None
    )


def _tokens(count: int | None) -> str:
    if count is None:
        return "?"
    return f"{count // 1000}k" if count >= 1000 and count % 1000 == 0 else f"{count:,}"


def describe(info: ModelInfo) -> str:
    """One Markdown paragraph: mode, windows, vector size, capabilities and life."""
    parts = [f"`{info.namespace}/{info.id}` · {info.mode}"]
    if info.mode == "embedding":
        parts.append(f"{info.output_vector_size or '?'} dimensions")
    else:
        parts.append(f"window {_tokens(info.max_input_tokens)} in / {_tokens(info.max_output_tokens)} out")
    if info.capabilities:
        parts.append("capabilities: " + ", ".join(info.capabilities))
    if info.retired:
        parts.append("**retired**")
    elif info.deprecation_date is not None:
        state = "retired" if info.is_retired() else "deprecated"
        parts.append(f"**{state} on {info.deprecation_date.isoformat()}**")
    if info.successor:
        parts.append(f"successor: `{info.successor}`")
    if info.aliases:
        parts.append("aliases: " + ", ".join(f"`{a}`" for a in info.aliases))
    return " · ".join(parts)


def lookup(namespace: str, model_id: str) -> ModelInfo | None:
    return load_catalog().lookup(namespace, model_id)


def offered_models(namespace: str, model_class: str) -> list[ModelInfo]:
    """The namespace's models that fit ``model_class``, live ones first, then by id."""
    catalog = load_catalog()
    modes = _MODES.get(model_class, _CHAT_MODES)
    found = [catalog.lookup(namespace, model_id) for model_id in catalog.ids(namespace)]
    fitting = [info for info in found if info is not None and info.mode in modes]
    return sorted(fitting, key=lambda info: (info.is_retired(), info.deprecation_date is not None, info.id))
