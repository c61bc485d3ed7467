"""The model catalog: what each provider namespace knows about a model id.

Stdlib only and loaded lazily: the compiler and linter ask it about token windows,
embedding sizes and retirement; `profiles/catalog.json` is derived from LiteLLM's
release history by `modelcfg.profiles.derive --history` (docs/foundation.md). A catalog
written by `modelcfg catalog update` into the user's data directory is read over it,
and a project's own `catalog:` section over both (`Catalog.overlay`).
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from .namespaces import (
    ACCOUNT_NAMESPACES,
    HOST_NAMESPACES,
    OLLAMA_PORT,
    ROUTER_NAMESPACES,
    ROUTER_VARIANT,
    ROUTER_VENDORS,
    namespace_for,
)

CATALOG_PATH = Path(__file__).with_name("catalog.json")
USER_CATALOG_NAME = "catalog.json"
#: Where an entry came from, lowest precedence first.
BUILT_IN, USER, PROJECT = "built-in", "user", "project"



@dataclass(frozen=True, slots=True)
class Sighting:
    """A LiteLLM release (or catalog refresh) and the day it was published."""

    release: str
    day: date | None

    def __str__(self) -> str:
        return f"{self.release} ({self.day.isoformat()})" if self.day else self.release


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Facts about one model id in one namespace."""

    id: str
    namespace: str
    mode: str  # chat | completion | responses | embedding | image
    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    output_vector_size: int | None = None
    reducible_dimensions: bool = False
    deprecation_date: date | None = None
    retired: bool = False
    successor: str | None = None
    aliases: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    input_cost_per_token: float | None = None
    output_cost_per_token: float | None = None
    sampling_params: bool = True  # False: the API refuses temperature/top_p (e.g. Claude 5.5)
    first_seen: Sighting | None = None  # the first sampled LiteLLM release listing it
    last_seen: Sighting | None = None
    retired_in: Sighting | None = None  # the first sampled release it was missing from
    fine_tuned_from: str | None = None  # the base id of a fine-tuned id (`ft:gpt-4o-mini:...`)
    source: str = BUILT_IN  # built-in | user | project

    def is_retired(self, today: date | None = None) -> bool:
        """Retired in the data, or past its deprecation (shutdown) date."""
        if self.retired:
            return True
        return self.deprecation_date is not None and self.deprecation_date <= (today or date.today())


class Catalog:
    """Model facts by namespace and id, with aliases and did-you-mean."""

    def __init__(self, data: Mapping[str, Any], origin: str = BUILT_IN) -> None:
        self._models: Mapping[str, Mapping[str, Mapping[str, Any]]] = data.get("models", {})
        self._aliases: Mapping[str, Mapping[str, str]] = data.get("aliases", {})
        self.sources: Mapping[str, str] = data.get("sources", {})
        self.releases: Mapping[str, str] = data.get("releases", {})
        self.origin = origin
        self.files: tuple[Path, ...] = ()  # the files read, lowest precedence first
        self.project_namespaces: frozenset[str] = frozenset()  # keys of the project's `catalog:`
        self._infos: dict[tuple[str, str], ModelInfo | None] = {}  # lint asks for the same ids per file

    def known_namespaces(self) -> frozenset[str]:
        """Namespaces with models, and routers whose ids resolve at their vendors."""
        return frozenset(self._models) | ROUTER_NAMESPACES

    def with_project(self, entries: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Catalog:
        """This catalog with a project's `catalog:` section over it (the schema's JSON dump).

        An entry with a `base` starts from that model's facts (looked up in the same
        namespace, else anywhere) and overrides them key by key.
        """
        if not entries:
            return self
        models: dict[str, dict[str, dict[str, Any]]] = {}
        for namespace, named in entries.items():
            for model_id, entry in named.items():
                models.setdefault(namespace, {})[model_id] = self._project_facts(namespace, entry)
        merged = self.overlay({"models": models}, PROJECT)
        merged.project_namespaces = frozenset(entries)
        return merged

    def _project_facts(self, namespace: str, entry: Mapping[str, Any]) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        base_id = entry.get("base")
        if base_id:
            base = self.lookup(namespace, base_id) or next(iter(self.find(base_id)), None)
            if base is not None:
                facts = dict(self._models[base.namespace][base.fine_tuned_from or base.id])
                facts.pop("source", None)
                facts["base"] = base.id
        own = {
            "mode": entry.get("mode"),
            "max_input_tokens": entry.get("max_input_tokens"),
            "max_output_tokens": entry.get("max_output_tokens"),
            "output_vector_size": entry.get("dimensions"),
            "capabilities": entry.get("capabilities"),
            "deprecation_date": entry.get("deprecation_date"),
        }
        facts.update({k: v for k, v in own.items() if v is not None})
        facts.setdefault("mode", "chat")
        return facts

    def overlay(self, data: Mapping[str, Any], origin: str) -> Catalog:
        """This catalog with ``data``'s entries over it (each marked as coming from ``origin``)."""
        models = {ns: dict(entries) for ns, entries in self._models.items()}
        for namespace, entries in data.get("models", {}).items():
            for model_id, facts in entries.items():
                models.setdefault(namespace, {})[model_id] = {**facts, "source": origin}
        aliases = {ns: dict(names) for ns, names in self._aliases.items()}
        for namespace, names in data.get("aliases", {}).items():
            aliases.setdefault(namespace, {}).update(names)
        merged = Catalog(
            {"models": models, "aliases": aliases, "releases": {**self.releases, **data.get("releases", {})}},
            self.origin,
        )
        merged.files = self.files
        merged.project_namespaces = self.project_namespaces
        return merged

    def namespaces(self) -> list[str]:
        """Every namespace the catalog has models for."""
        return sorted(self._models)

    def ids(self, namespace: str) -> list[str]:
        """Model ids of a namespace (aliases not included)."""
        return sorted(self._models.get(namespace, {}))

    def aliases(self, namespace: str) -> list[str]:
        """Alias names of a namespace (`claude-3-5-haiku`, `gpt-mini-latest`, ...)."""
        return sorted(self._aliases.get(namespace, {}))

    def __iter__(self) -> Iterator[ModelInfo]:
        for namespace in self.namespaces():
            for model_id in self.ids(namespace):
                info = self._info(namespace, model_id)
                if info is not None:
                    yield info

    def resolve(self, namespace: str, model_id: str) -> str:
        """The id an alias stands for (the id itself when it is none)."""
        return self._aliases.get(namespace, {}).get(model_id, model_id)

    def lookup(self, namespace: str, model_id: str) -> ModelInfo | None:
        """Facts about ``model_id`` (or an alias of it) in ``namespace``; None if unknown."""
        info = self._info(namespace, self.resolve(namespace, model_id))
        if info is None and namespace in ROUTER_NAMESPACES and "/" in model_id:
            vendor, _, rest = model_id.partition("/")
            target = ROUTER_VENDORS.get(vendor)
            if target is not None:
                info = self._info(target, self.resolve(target, rest))
                if info is None and target == "anthropic":  # routers write claude-sonnet-4.5
                    dashed = rest.replace(".", "-")
                    info = self._info(target, self.resolve(target, dashed))
        if info is None and namespace in ROUTER_NAMESPACES and ROUTER_VARIANT.search(model_id):
            return self.lookup(namespace, ROUTER_VARIANT.sub("", model_id))  # `:free`, `:beta` tiers
        if info is None:
            info = self._fine_tuned(namespace, model_id)
        return info

    def _fine_tuned(self, namespace: str, model_id: str) -> ModelInfo | None:
        """A fine-tuned id as its base model's facts (windows, modes, life) under its own id."""
        from .finetune import base_candidates, fine_tune_of

        tune = fine_tune_of(model_id)
        if tune is None or (tune.shape == "account" and namespace not in ACCOUNT_NAMESPACES):
            return None
        for base in base_candidates(tune, self.ids(namespace)):
            info = self.lookup(namespace, base)
            if info is not None and info.fine_tuned_from is None:
                return replace(info, id=model_id, fine_tuned_from=info.id, aliases=())
        return None

    def find(self, model_id: str) -> list[ModelInfo]:
        """Every namespace's facts for ``model_id``, for look-ups without a provider."""
        found = (self.lookup(namespace, model_id) for namespace in self.namespaces())
        return [info for info in found if info is not None]

    def nearest(self, namespace: str, model_id: str, n: int = 3) -> list[str]:
        """Known ids (and aliases) of ``namespace`` closest to ``model_id``, best first."""
        candidates = list(self._models.get(namespace, {})) + list(self._aliases.get(namespace, {}))
        return difflib.get_close_matches(model_id, candidates, n=n, cutoff=0.6)

    def suggest(self, namespace: str, model_id: str, today: date, n: int = 3) -> list[ModelInfo]:
        """Did-you-mean for an unknown id: live models of its family first, then the closest
        of the rest (a retired one only when nothing live is close; callers say it is retired)."""
        from .family import family_of

        close = [self.lookup(namespace, name) for name in self.nearest(namespace, model_id, n=12)]
        found = [info for info in dict.fromkeys(close) if info is not None]
        family = family_of(model_id)
        live = [info for info in found if not info.is_retired(today)]
        same = [info for info in live if family is not None and family_of(info.id) == family]
        if not same and family is not None and found:  # the family's newest, when none is close
            newest = self.successor(found[0], today)
            same = [newest] if newest is not None and family_of(newest.id) == family else []
        ranked = same + [info for info in live if info not in same]
        return (ranked or found)[:n]

    def successor(self, info: ModelInfo, today: date) -> ModelInfo | None:
        """A live model to move to: the named successor if live, else the newest live model of
        the same family and mode (by first sighting), else None."""
        from .family import family_of

        if info.successor:
            named = self.lookup(info.namespace, info.successor)
            if named is not None and not named.is_retired(today) and named.deprecation_date is None:
                return named
        family = family_of(info.fine_tuned_from or info.id)
        if family is None:
            return None
        peers = [
            peer
            for peer in self._family_members(info.namespace, family)
            if peer.mode == info.mode and not peer.is_retired(today) and peer.deprecation_date is None
        ]
        return max(peers, key=_newness, default=None)

    def _family_members(self, namespace: str, family: str) -> list[ModelInfo]:
        from .family import family_of

        members = (self._info(namespace, model_id) for model_id in self._models.get(namespace, {}))
        return [m for m in members if m is not None and family_of(m.id) == family]

    def _info(self, namespace: str, model_id: str) -> ModelInfo | None:
        key = (namespace, model_id)
        if key not in self._infos:
            entry = self._models.get(namespace, {}).get(model_id)
            self._infos[key] = (
                None
                if entry is None
                else _model_info(
                    namespace, model_id, entry, self._aliases_of(namespace, model_id), self.releases
                )
            )
        return self._infos[key]

    def _aliases_of(self, namespace: str, model_id: str) -> tuple[str, ...]:
        return self._reverse_aliases.get((namespace, model_id), ())

    @functools.cached_property
    def _reverse_aliases(self) -> dict[tuple[str, str], tuple[str, ...]]:
        reverse: dict[tuple[str, str], list[str]] = {}
        for namespace, aliases in self._aliases.items():
            for alias, target in aliases.items():
                reverse.setdefault((namespace, target), []).append(alias)
        return {key: tuple(sorted(names)) for key, names in reverse.items()}


def _newness(info: ModelInfo) -> tuple[str, str]:
    """Sort key: the later first sighting, then the later-looking id, is newer."""
    day = info.first_seen.day.isoformat() if info.first_seen and info.first_seen.day else ""
    return day, info.id


def _model_info(
    namespace: str,
    model_id: str,
    entry: Mapping[str, Any],
    aliases: tuple[str, ...],
    releases: Mapping[str, str],
) -> ModelInfo:
    deprecation = entry.get("deprecation_date")
    retired = entry.get("retired", False)
    return ModelInfo(
        id=model_id,
        namespace=namespace,
        mode=entry.get("mode", "chat"),
        max_input_tokens=entry.get("max_input_tokens"),
        max_output_tokens=entry.get("max_output_tokens"),
        output_vector_size=entry.get("output_vector_size"),
        reducible_dimensions=entry.get("reducible_dimensions", False),
        deprecation_date=date.fromisoformat(deprecation) if deprecation else None,
        retired=bool(retired),
        successor=entry.get("successor"),
        aliases=aliases,
        capabilities=tuple(entry.get("capabilities", ())),
        input_cost_per_token=entry.get("input_cost_per_token"),
        output_cost_per_token=entry.get("output_cost_per_token"),
        sampling_params=entry.get("sampling_params", True),
        first_seen=_sighting(entry.get("first_seen"), releases),
        last_seen=_sighting(entry.get("last_seen"), releases),
        retired_in=_sighting(retired if isinstance(retired, str) else None, releases),
        fine_tuned_from=entry.get("base"),
        source=entry.get("source", BUILT_IN),
    )


def _sighting(release: str | None, releases: Mapping[str, str]) -> Sighting | None:
    if release is None:
        return None
    day = releases.get(release)
    if day is None and release.startswith("update-"):
        day = release.removeprefix("update-")
    return Sighting(release, date.fromisoformat(day) if day else None)


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog at ``path``; by default the built-in one with the user's refreshed catalog
    (`user_catalog_path()`, written by `modelcfg catalog update`) over it. Read once per process,
    and again only when the user's file changes."""
    if path is not None:
        return _read_catalog(path)
    user_path = user_catalog_path()
    return _default_catalog(user_path, _stamp(user_path))


def _stamp(path: Path) -> tuple[int, int] | None:
    """Size and mtime: a refreshed user catalog is read again, even in a long-lived process."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


@functools.cache
def _read_catalog(path: Path, origin: str = BUILT_IN) -> Catalog:
    with open(path, encoding="utf-8") as f:
        catalog = Catalog(json.load(f), origin)
    catalog.files = (path,)
    return catalog


@functools.lru_cache(maxsize=4)
def _default_catalog(user_path: Path, stamp: tuple[int, int] | None) -> Catalog:
    built_in = _read_catalog(CATALOG_PATH)
    if stamp is None or not user_path.is_file():
        return built_in
    try:
        with open(user_path, encoding="utf-8") as f:
            user = json.load(f)
    except (OSError, ValueError):
        return built_in  # an unreadable refresh must not take the built-in catalog down with it
    merged = built_in.overlay(user, USER)
    merged.files = (CATALOG_PATH, user_path)
    return merged


def user_catalog_path() -> Path:
    """Where `modelcfg catalog update` writes: the user's data directory (platformdirs)."""
    import platformdirs  # honours XDG_DATA_HOME on Linux

    return Path(platformdirs.user_data_dir("modelcfg")) / USER_CATALOG_NAME


__all__ = [
    "ACCOUNT_NAMESPACES",
    "CATALOG_PATH",
    "HOST_NAMESPACES",
    "OLLAMA_PORT",
    "ROUTER_NAMESPACES",
    "ROUTER_VARIANT",
    "ROUTER_VENDORS",
    "Catalog",
    "ModelInfo",
    "Sighting",
    "load_catalog",
    "namespace_for",
    "user_catalog_path",
]
