"""The frozen runtime table (docs/table-format.md): body from the Document, envelope, file.

Canonical and deterministic: no timestamps, positions or absolute paths; sorted
keys; `canonical()` is the hashing form; the file is written atomically.
"""

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from modelcfg.schema import CHAT_CLASSES, Document, ModelClass, ModelSpec, Provider
from modelcfg.schema.provider import bare_spec
from pydantic import BaseModel

from .atomic import write_atomic
from .layers import Layer
from .wire_settings import unsent_settings

if TYPE_CHECKING:
    from modelcfg.profiles.catalog import Catalog, ModelInfo

__all__ = ["FORMAT", "build_table", "canonical", "content_hash", "dumps", "write_atomic"]

FORMAT = 1


def canonical(value: Any) -> bytes:
    """The hashing form: sorted keys, no whitespace, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def content_hash(body: Any) -> str:
    return "sha256:" + hashlib.sha256(canonical(body)).hexdigest()


def dumps(envelope: dict[str, Any]) -> str:
    """The table file's text: sorted keys, two-space indent, LF, trailing newline."""
    return json.dumps(envelope, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def build_table(
    document: Document, tree: dict[str, Any], layers: Sequence[Layer], env: str | None
) -> dict[str, Any]:
    """The envelope: format, content hash, environment, source layers, body."""
    dumped = document.model_dump(mode="json")
    body = _body(document, dumped, tree, _catalog(dumped.get("catalog")))
    sources = [
        {
            "layer": layer.name,
            "path": layer.label,
            "sha256": hashlib.sha256(canonical(layer.tree)).hexdigest(),
        }
        for layer in layers
    ]
    return {
        "format": FORMAT,
        "content_hash": content_hash(body),
        "environment": env,
        "sources": sources,
        "body": body,
    }


def _catalog(project: dict[str, Any] | None) -> "Catalog | None":
    """The model catalog, with the project's own `catalog:` entries over it."""
    try:
        from modelcfg.profiles.catalog import load_catalog

        return load_catalog().with_project(project or {})
    except (ImportError, OSError, ValueError):
        return None


def _get(tree: Any, *path: str) -> Any:
    for key in path:
        tree = tree.get(key) if isinstance(tree, dict) else None
    return tree


def _without_none(dumped: dict[str, Any]) -> dict[str, Any]:
    """A flat section's dump as `exclude_none=True` gives it."""
    return {k: v for k, v in dumped.items() if v is not None}


def _only_set(dumped: dict[str, Any], section: BaseModel) -> dict[str, Any]:
    """A flat section's dump as `exclude_unset=True` gives it."""
    return {k: v for k, v in dumped.items() if k in section.model_fields_set}


def _body(
    document: Document, dumped: dict[str, Any], tree: dict[str, Any], catalog: "Catalog | None"
) -> dict[str, Any]:
    """The table body from the Document and its one JSON dump (`dumped`): dumping each section on
    its own would build a serializer per section class (defer_build), ~0.7 ms each."""
    providers = {
        name: _provider(name, provider, dumped["providers"][name], _get(tree, "providers", name), catalog)
        for name, provider in document.providers.items()
    }
    return {
        "providers": providers,
        "profiles": {name: _without_none(dumped["profiles"][name]) for name in document.profiles},
        "selection": _selection(document, dumped["selection"]),
        "failover": {
            "chains": resolve_chains(document),
            **_context_window_chains(document),
            "retry": dumped["failover"]["retry"],
            "breaker": dumped["failover"]["breaker"],
        },
        "cache": dumped["cache"],
    }


def served_id(provider: Provider, cls: ModelClass) -> str:
    """The model id serving ``cls`` ("" when the class is not served), without building a spec."""
    ref = provider.models.get(cls)
    if ref is None:
        return ""
    return ref if isinstance(ref, str) else ref.id


def _spec(provider: Provider, cls: ModelClass) -> ModelSpec:
    """`provider.model(cls)` without validating a new ModelSpec per bare id (copies a template)."""
    ref = provider.models[cls]
    return ref if isinstance(ref, ModelSpec) else bare_spec(ref)


def _provider(
    name: str, provider: Provider, dumped: dict[str, Any], raw: Any, catalog: "Catalog | None"
) -> dict[str, Any]:
    namespace = _namespace(provider)
    if namespace is None and catalog is not None and name in catalog.project_namespaces:
        namespace = name  # the project's `catalog:` lists this provider's own models
    models = {}
    for cls in ModelClass:
        if not served_id(provider, cls):
            continue
        spec = _spec(provider, cls)
        raw_model = _get(raw, "models", cls.value)
        info = catalog.lookup(namespace, spec.id) if catalog is not None and namespace else None
        dumped_spec = dumped["models"][cls.value]
        models[cls.value] = _model(
            provider,
            cls,
            spec,
            (dumped, dumped_spec if isinstance(dumped_spec, dict) else None),
            raw,
            raw_model if isinstance(raw_model, dict) else {},
            info,
        )
        if cls in CHAT_CLASSES:
            models[cls.value]["unsupported_settings"] = unsent_settings(provider.api, namespace, info)
    return {
        "api": provider.api.value,
        "endpoint": provider.endpoint,
        "api_key_env": provider.api_key_env,
        "token_command": provider.token_command,
        "headers": dict(provider.headers),
        "vertex": dumped["vertex"],
        "timeout_s": provider.timeout_s,
        "enabled": provider.enabled,
        "models": models,
    }


def _namespace(provider: Provider) -> str | None:
    try:
        from modelcfg.profiles.catalog import namespace_for
    except ImportError:
        return provider.catalog
    return namespace_for(provider.endpoint, provider.catalog)


def _model(
    provider: Provider,
    cls: ModelClass,
    spec: ModelSpec,
    dumped: tuple[dict[str, Any], dict[str, Any] | None],
    raw: Any,
    raw_model: dict[str, Any],
    info: "ModelInfo | None",
) -> dict[str, Any]:
    """One served model's entry; ``dumped`` is the provider's dump and the spec's (None for a bare id)."""
    dumped_provider, dumped_spec = dumped
    chat = cls in CHAT_CLASSES
    settings: dict[str, Any] = {}
    if chat:  # sampling settings mean nothing to embedding and image endpoints
        settings = _without_none(dumped_provider["settings"])
    model_settings = _without_none(dumped_spec["settings"]) if dumped_spec is not None else {}
    settings.update(model_settings)
    max_in = spec.max_input_tokens or (provider.max_input_tokens if chat else None)
    max_out = spec.max_output_tokens or (provider.max_output_tokens if chat else None)
    if info is not None:
        max_in = max_in or info.max_input_tokens
        max_out = max_out or info.max_output_tokens
    capabilities = [c.value for c in spec.capabilities] if spec.capabilities is not None else None
    if capabilities is None:
        capabilities = list(info.capabilities) if info is not None else []
    dimensions = None
    embedding = None
    image = None
    if cls is ModelClass.EMBEDDING:
        dimensions = spec.dimensions or provider.embedding.dimensions
        if dimensions is None and info is not None:
            dimensions = info.output_vector_size
        embedding = {"cache": provider.embedding.cache, "batch_size": provider.embedding.batch_size}
    if cls is ModelClass.IMAGE:
        image = dict(dumped_provider["image"])
        if spec.image is not None and dumped_spec is not None:
            image.update(_only_set(dumped_spec["image"], spec.image))
    limits = _rate_limits(provider, spec, dumped_provider, dumped_spec)
    return {
        "id": spec.id,
        "settings": settings,
        "max_input_tokens": max_in,
        "max_output_tokens": max_out,
        "dimensions": dimensions,
        "capabilities": sorted(set(capabilities)),
        "embedding": embedding,
        "image": image,
        "rate_limits": limits,
    }


def _rate_limits(
    provider: Provider, spec: ModelSpec, dumped_provider: dict[str, Any], dumped_spec: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The model's rate limits field by field over the provider's (model `tpm` keeps provider `rpm`)."""
    if provider.rate_limits is None and spec.rate_limits is None:
        return None
    merged = dict(dumped_provider["rate_limits"]) if provider.rate_limits is not None else {}
    if spec.rate_limits is not None and dumped_spec is not None:
        own = dumped_spec["rate_limits"]
        merged.update(_only_set(own, spec.rate_limits) if merged else own)
    return merged


def default_provider(document: Document) -> str | None:
    """The named default, else the alphabetically first enabled provider (key order never matters)."""
    if document.selection.default_provider is not None:
        return document.selection.default_provider
    enabled = sorted(name for name, p in document.providers.items() if p.enabled)
    return enabled[0] if enabled else None


def _selection(document: Document, dumped: dict[str, Any]) -> dict[str, Any]:
    selection = document.selection
    rules = [
        {
            "when": _only_set(dumped_rule["when"], rule.when),
            "class": rule.model_class.value,
            "provider": rule.provider,
            "profile": rule.profile,
        }
        for rule, dumped_rule in zip(selection.rules, dumped["rules"], strict=True)
    ]
    tasks = {
        name: {
            "class": task.model_class.value,
            "profile": task.profile,
            "provider": task.provider,
            "needs": [n.value for n in task.needs],
        }
        for name, task in selection.tasks.items()
    }
    return {
        "default_provider": default_provider(document),
        "default_class": selection.default_class.value,
        "default_profile": selection.default_profile,
        "rules": rules,
        "tasks": tasks,
    }


def chain_entry(ref: str, default_class: str) -> tuple[str, str]:
    """`provider` or `provider/class` as a (provider, class) pair."""
    provider, _, cls = ref.partition("/")
    return provider, cls or default_class


def resolve_chains(document: Document) -> dict[str, list[dict[str, str]]]:
    """Every served provider/class pair's chain, head first (a pair without one gets `[itself]`)."""
    chains: dict[str, list[dict[str, str]]] = {}
    for name, provider in document.providers.items():
        for cls in ModelClass:
            if served_id(provider, cls):
                chains[f"{name}/{cls.value}"] = [{"provider": name, "class": cls.value}]
    for key, entries in document.failover.chains.items():
        head_provider, head_class = chain_entry(key, "")
        chain = [{"provider": head_provider, "class": head_class}]
        for entry in entries:
            entry_provider, entry_class = chain_entry(entry, head_class)
            chain.append({"provider": entry_provider, "class": entry_class})
        chains[key] = chain
    return chains


def _context_window_chains(document: Document) -> dict[str, dict[str, list[dict[str, str]]]]:
    """`context_window_chains` resolved (entries after the head), present only when configured,
    so tables of projects without one keep their content hash."""
    chains = {
        key: [
            dict(zip(("provider", "class"), chain_entry(e, chain_entry(key, "")[1]), strict=True))
            for e in entries
        ]
        for key, entries in document.failover.context_window_chains.items()
        if entries
    }
    return {"context_window_chains": chains} if chains else {}
