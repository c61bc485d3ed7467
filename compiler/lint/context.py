"""What a lint rule sees: the validated document, where each value came from, and the catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from modelcfg.compiler.diagnostic import Diagnostic, Severity, Span
from modelcfg.schema import CHAT_CLASSES, Capability, Document, ModelClass, ModelSpec, Provider, Settings

if TYPE_CHECKING:
    from modelcfg.profiles.catalog import Catalog, ModelInfo
    from modelcfg.profiles.verdict import CheckMode, Verdict

Path = tuple[str | int, ...]


class HasSpan(Protocol):
    """An origin as the compiler records it: the layer that set a value, and where."""

    @property
    def span(self) -> Span: ...


@dataclass(frozen=True, slots=True)
class ModelRef:
    """One model a provider serves for one class, with the path of its id in the tree."""

    provider_name: str
    provider: Provider
    model_class: ModelClass
    spec: ModelSpec
    path: Path

    @property
    def id_path(self) -> Path:
        """Path of the model id: the class key itself, or its `id` in the object form."""
        ref = self.provider.models[self.model_class]
        return self.path if isinstance(ref, str) else (*self.path, "id")

    @property
    def label(self) -> str:
        return f"{self.provider_name}/{self.model_class.value}"


@dataclass(frozen=True, slots=True)
class Located:
    """A value and the tree path that set it (the narrowest of model and provider)."""

    value: Any
    path: Path


@dataclass
class LintContext:
    """The document under lint and everything a rule needs to point at the right line."""

    document: Document
    origins: Mapping[Path, tuple[HasSpan, ...]]
    sources: Mapping[str, str]
    root_file: str
    compile_diagnostics: tuple[Diagnostic, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    environ: Mapping[str, str] = field(default_factory=dict)
    _catalog: Catalog | None = field(default=None, repr=False)
    #: per-document answers rules ask for again and again (the document is frozen): namespace by
    #: provider identity, verdict by (provider identity, model id)
    _namespaces: dict[int, tuple[Provider, str | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _verdicts: dict[tuple[int, str], tuple[Provider, Verdict]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # -- where things are -------------------------------------------------------------------------
    def span(self, path: Path, *, key: bool = False) -> Span:
        """Span of the layer that set ``path`` last (its key's if ``key``); else the nearest set ancestor."""
        located = getattr(self.origins, "span", None)  # the compiler's Origins knows key spans too
        if located is not None:
            span: Span = located(path, key=key)
            return span
        probe = path
        while probe:
            origins = self.origins.get(probe)
            if origins:
                return origins[-1].span
            probe = probe[:-1]
        return Span(self.root_file)

    def related(self, path: Path) -> tuple[Span, ...]:
        """Spans of the lower layers that also set ``path`` (overridden by the last one)."""
        spans = getattr(self.origins, "related", None)  # the compiler's Origins, without values
        if spans is not None:
            related: tuple[Span, ...] = spans(path)
            return related
        origins = self.origins.get(path, ())
        return tuple(o.span for o in origins[:-1])

    def is_set(self, path: Path) -> bool:
        return path in self.origins

    def diagnostic(
        self, path: Path, message: str, hint: str | None = None, *, key: bool = False
    ) -> Diagnostic:
        """A finding at ``path`` (its key if ``key``); the runner fills in code and configured severity."""
        return Diagnostic("", Severity.INFO, message, self.span(path, key=key), hint, self.related(path))

    # -- what is there ----------------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """The built-in catalog (the user's refresh over it) with the project's `catalog:` over both."""
        if self._catalog is None:
            from modelcfg.profiles.catalog import load_catalog

            self._catalog = load_catalog().with_project(self._project_catalog)
        return self._catalog

    @cached_property
    def _project_catalog(self) -> dict[str, Any]:
        """The project's `catalog:` section as plain JSON (empty for most projects)."""
        if not self.document.catalog:
            return {}
        return {
            namespace: {model_id: entry.model_dump(mode="json") for model_id, entry in entries.items()}
            for namespace, entries in self.document.catalog.items()
        }

    def namespace(self, provider: Provider) -> str | None:
        """Catalog namespace of a provider: explicit, guessed from its endpoint host, else the
        provider's own name when the project's `catalog:` has entries under it."""
        known = self._namespaces.get(id(provider))
        if known is not None and known[0] is provider:
            return known[1]
        namespace = _namespace(provider.endpoint, provider.catalog)
        if namespace is None and self._project_catalog:
            name = next((n for n, p in self.document.providers.items() if p is provider), None)
            if name in self._project_catalog:
                namespace = name
        self._namespaces[id(provider)] = (provider, namespace)
        return namespace

    def known_namespaces(self) -> frozenset[str]:
        """Catalog namespaces model ids can be looked up in."""
        return _namespaces(self.catalog) | frozenset(self._project_catalog)

    def verdict(self, ref: ModelRef) -> Verdict:
        """Known, fine-tuned, local, unverifiable, unknown or unchecked: see `profiles.verdict`."""
        from modelcfg.profiles.verdict import check_mode, judge

        key = (id(ref.provider), ref.spec.id)
        known = self._verdicts.get(key)
        if known is not None and known[0] is ref.provider:
            return known[1]
        mode = check_mode(ref.provider.endpoint, ref.provider.catalog, ref.provider.catalog_check)
        namespace = self.namespace(ref.provider)
        if self._project_catalog:  # a catalog made for this document alone: nothing to share
            verdict = judge(self.catalog, namespace, ref.spec.id, mode)
        else:
            verdict = _judged(self.catalog, namespace, ref.spec.id, mode)
        self._verdicts[key] = (ref.provider, verdict)
        return verdict

    def knows_namespace(self, namespace: str) -> bool:
        return namespace in self.known_namespaces()

    def model_info(self, ref: ModelRef) -> ModelInfo | None:
        """The catalog entry for a model, or None when unknown or the provider has no namespace."""
        namespace = self.namespace(ref.provider)
        if namespace is None or not ref.spec.id:
            return None
        return self.catalog.lookup(namespace, ref.spec.id)

    def providers(self) -> Iterator[tuple[str, Provider]]:
        yield from self.document.providers.items()

    @cached_property
    def model_refs(self) -> tuple[ModelRef, ...]:
        """Every (provider, class) → model the document declares, served or empty."""
        refs = []
        for name, provider in self.document.providers.items():
            for cls in provider.models:
                spec = provider.model(cls)
                if spec is not None:
                    refs.append(ModelRef(name, provider, cls, spec, ("providers", name, "models", cls.value)))
        return tuple(refs)

    @cached_property
    def _refs_by_pair(self) -> dict[tuple[str, ModelClass], ModelRef]:
        return {(r.provider_name, r.model_class): r for r in self.model_refs}

    @cached_property
    def _refs_by_provider(self) -> dict[str, list[ModelRef]]:
        grouped: dict[str, list[ModelRef]] = {}
        for ref in self.model_refs:
            grouped.setdefault(ref.provider_name, []).append(ref)
        return grouped

    def model_ref(self, provider_name: str, cls: ModelClass) -> ModelRef | None:
        return self._refs_by_pair.get((provider_name, cls))

    def setting(self, ref: ModelRef, key: str) -> Located | None:
        """The effective sampling setting for a model: its own override, else the provider's."""
        if ref.spec.settings.model_fields_set and key in ref.spec.settings.model_fields_set:
            return Located(getattr(ref.spec.settings, key), (*ref.path, "settings", key))
        if key in ref.provider.settings.model_fields_set:
            return Located(
                getattr(ref.provider.settings, key), ("providers", ref.provider_name, "settings", key)
            )
        return None

    def window(self, ref: ModelRef, key: str) -> Located | None:
        """The configured token limit (`max_input_tokens`/`max_output_tokens`) for a model.

        A provider-wide limit applies to its chat classes only (docs/table-format.md).
        """
        own = getattr(ref.spec, key)
        if own is not None:
            return Located(own, (*ref.path, key))
        inherited = getattr(ref.provider, key)
        if inherited is not None and ref.model_class in CHAT_CLASSES:
            return Located(inherited, ("providers", ref.provider_name, key))
        return None

    def context_window(self, ref: ModelRef) -> int | None:
        """Tokens of context a model takes: the configured limit, else the catalog's."""
        located = self.window(ref, "max_input_tokens")
        if located is not None:
            return int(located.value)
        info = self.model_info(ref)
        return info.max_input_tokens if info else None

    def capabilities(self, ref: ModelRef) -> frozenset[Capability] | None:
        """Declared capabilities, else the catalog's; None when nothing is known."""
        if ref.spec.capabilities is not None:
            return frozenset(ref.spec.capabilities)
        info = self.model_info(ref)
        if info is None:
            return None
        return frozenset(Capability(c) for c in info.capabilities)

    def dimensions(self, ref: ModelRef) -> Located | None:
        """The configured embedding vector size of a model (its own, else the provider's)."""
        if ref.spec.dimensions is not None:
            return Located(ref.spec.dimensions, (*ref.path, "dimensions"))
        if ref.provider.embedding.dimensions is not None:
            return Located(
                ref.provider.embedding.dimensions, ("providers", ref.provider_name, "embedding", "dimensions")
            )
        return None

    def vector_size(self, ref: ModelRef) -> int | None:
        """Size of the vectors a model returns: configured, else the catalog's native size."""
        located = self.dimensions(ref)
        if located is not None:
            return int(located.value)
        info = self.model_info(ref)
        return info.output_vector_size if info else None

    # -- routing ----------------------------------------------------------------------------------
    @cached_property
    def default_provider(self) -> str | None:
        """The provider used when none is named: explicit, else the first enabled one."""
        explicit = self.document.selection.default_provider
        if explicit is not None:
            return explicit
        return next((n for n, p in self.document.providers.items() if p.enabled), None)

    @cached_property
    def routes(self) -> tuple[Route, ...]:
        """Every (provider, class) that selection can send a request to, and what sends it there."""
        selection = self.document.selection
        default, profile = self.default_provider, selection.default_profile
        routes: list[Route] = []
        for i, rule in enumerate(selection.rules):
            provider = rule.provider or default
            if provider is not None:
                path: Path = ("selection", "rules", i)
                needs = tuple(rule.when.needs)
                routes.append(Route(provider, rule.model_class, path, needs, rule.profile or profile))
        for name, task in selection.tasks.items():
            provider = task.provider or default
            if provider is not None:
                path = ("selection", "tasks", name)
                routes.append(
                    Route(provider, task.model_class, path, tuple(task.needs), task.profile or profile)
                )
        if default is not None:
            path = ("selection", "default_class")
            routes.append(Route(default, selection.default_class, path, (), profile))
            default_path: Path = ("selection", "default_provider")
            provider_models = (
                self.document.providers[default].models if default in self.document.providers else {}
            )
            for cls in (ModelClass.EMBEDDING, ModelClass.IMAGE):
                if cls in provider_models:
                    routes.append(Route(default, cls, default_path, ()))
        return tuple(routes)

    def is_routed(self, provider_name: str, cls: ModelClass) -> bool:
        return any(r.provider == provider_name and r.model_class is cls for r in self.routes)

    def chain_entries(self) -> Iterator[tuple[str, ModelClass, list[tuple[str, ModelClass, Path]]]]:
        """Each failover chain of an enabled provider as (provider, class, [(provider, class, path)]).

        Entries naming a disabled provider are left out: the runtime skips them.
        """
        for key, entries in self.document.failover.chains.items():
            head = parse_chain_ref(key, None)
            if head is None or not self._enabled(head[0]):
                continue
            resolved: list[tuple[str, ModelClass, Path]] = []
            for i, entry in enumerate(entries):
                target = parse_chain_ref(entry, head[1])
                if target is not None and self._enabled(target[0]):
                    resolved.append((target[0], target[1], ("failover", "chains", key, i)))
            yield head[0], head[1], resolved

    def _enabled(self, provider_name: str) -> bool:
        provider = self.document.providers.get(provider_name)
        return provider is not None and provider.enabled

    def settings_blocks(self) -> Iterator[tuple[str, Provider, Settings, Path]]:
        """Every settings block bound to a provider: its own, and each object-form model's."""
        for name, provider in self.document.providers.items():
            yield name, provider, provider.settings, ("providers", name, "settings")
            for ref in self._refs_by_provider.get(name, ()):
                if ref.spec.settings.model_fields_set:
                    yield name, provider, ref.spec.settings, (*ref.path, "settings")


@dataclass(frozen=True, slots=True)
class Route:
    """A (provider, class) pair selection sends requests to, the config that sends them, and needs."""

    provider: str
    model_class: ModelClass
    path: Path
    needs: tuple[Capability, ...]
    profile: str | None = None  # the tuning profile applied: the route's own, else the default


def parse_chain_ref(text: str, default_class: ModelClass | None) -> tuple[str, ModelClass] | None:
    """`provider/class` or `provider` (same class as the chain's head) → (provider, class)."""
    name, _, cls = text.partition("/")
    if not cls:
        return (name, default_class) if default_class is not None else None
    try:
        return name, ModelClass(cls)
    except ValueError:
        return None


__all__ = ["LintContext", "Located", "ModelRef", "Route", "parse_chain_ref"]


# Projects linted in one process mostly name the same endpoints and models: look each up once.
@lru_cache(maxsize=1024)
def _namespace(endpoint: str, explicit: str | None) -> str | None:
    from modelcfg.profiles.catalog import namespace_for

    return namespace_for(endpoint, explicit)


@lru_cache(maxsize=8192)
def _judged(catalog: Catalog, namespace: str | None, model_id: str, mode: CheckMode) -> Verdict:
    """`judge`, once per catalog object (a refreshed or project catalog is a new one) and model."""
    from modelcfg.profiles.verdict import judge

    return judge(catalog, namespace, model_id, mode)


@lru_cache(maxsize=4)
def _namespaces(catalog: Catalog) -> frozenset[str]:
    """Namespaces with models of their own, and routers whose ids resolve at their vendors."""
    from modelcfg.profiles.catalog import ROUTER_NAMESPACES

    return frozenset(catalog.namespaces()) | ROUTER_NAMESPACES
