"""Questions `modelcfg catalog` asks the catalog: which namespace, which models, what is close.

Answers are data (ModelInfo, ids); printing them is the command's job. A question that cannot
be asked (an unknown namespace) raises `QueryError` with the sentence to show.
"""

from __future__ import annotations

import datetime as dt
import difflib

from . import builtin_names
from .catalog import ROUTER_NAMESPACES, Catalog, ModelInfo, namespace_for
from .preset_provider import preset_provider


class QueryError(ValueError):
    """A namespace the catalog does not know, with what to use instead."""


def resolve_namespace(catalog: Catalog, namespace: str) -> str:
    """The namespace to look in: as given, or a built-in preset's (`google` -> `gemini`)."""
    if namespace in catalog.namespaces() or namespace in ROUTER_NAMESPACES:
        return namespace
    if namespace in builtin_names("preset"):
        provider = preset_provider(namespace)
        found = namespace_for(provider["endpoint"], provider.get("catalog"))
        if found is not None:
            return found
        raise QueryError(f"preset `{namespace}` serves models the catalog does not list")
    close = difflib.get_close_matches(namespace, catalog.namespaces(), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f" (known: {', '.join(catalog.namespaces())})"
    raise QueryError(f"unknown catalog namespace `{namespace}`{hint}")


def find_models(catalog: Catalog, model: str, namespace: str | None) -> list[ModelInfo]:
    """What the catalog knows about ``model`` (in one namespace, or every one that lists it)."""
    if namespace is None:
        return catalog.find(model)
    info = catalog.lookup(namespace, model)
    return [info] if info is not None else []


def list_models(
    catalog: Catalog, namespace: str | None, mode: str | None, current: bool, pattern: str | None
) -> list[ModelInfo]:
    """Models matching every filter given; ``current`` leaves out retired and deprecated ones."""
    needle = (pattern or "").lower()
    return [
        info
        for info in catalog
        if (namespace is None or info.namespace == namespace)
        and (mode is None or info.mode == mode)
        and needle in info.id.lower()
        and not (current and (info.is_retired() or info.deprecation_date is not None))
    ]


def search_ids(catalog: Catalog, text: str) -> tuple[list[ModelInfo], list[tuple[str, str, str]]]:
    """Models whose id contains ``text``, and (namespace, alias, target) of aliases containing it."""
    needle = text.lower()
    models = [info for info in catalog if needle in info.id.lower()]
    aliases = [
        (ns, alias, str(catalog.resolve(ns, alias)))
        for ns in catalog.namespaces()
        for alias in catalog.aliases(ns)
        if needle in alias.lower()
    ]
    return models, aliases


def nearest(catalog: Catalog, model: str, namespace: str | None) -> list[str]:
    """Closest known ids, from one namespace or (as `namespace/id`) from all of them, best first."""
    if namespace:
        return catalog.nearest(namespace, model, n=3)
    scored = [
        (difflib.SequenceMatcher(None, model, name).ratio(), f"{ns}/{name}")
        for ns in catalog.namespaces()
        for name in catalog.nearest(ns, model, n=3)
    ]
    return [name for _, name in sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:3]]


def did_you_mean(catalog: Catalog, model: str, namespace: str | None, today: dt.date | None = None) -> str:
    """`; did you mean …?` for an unknown id: live models of its family first; the closest id is
    named when it is retired. Empty when nothing is close."""
    day = today or dt.date.today()
    namespaces = [namespace] if namespace else catalog.namespaces()
    scored = [
        (difflib.SequenceMatcher(None, model, info.id).ratio(), info)
        for ns in namespaces
        for info in catalog.suggest(ns, model, day)
    ]
    best = [info for _, info in sorted(scored, key=lambda pair: -pair[0])[:3]]
    if not best:
        return ""
    names = ", ".join(
        f"`{info.id if namespace else f'{info.namespace}/{info.id}'}`"
        + (" (retired)" if info.is_retired(day) else "")
        for info in best
    )
    note = ""
    closest = nearest(catalog, model, namespace)
    if closest:
        ns, _, name = closest[0].rpartition("/") if not namespace else (namespace, "", closest[0])
        info = catalog.lookup(ns or namespace or "", name)
        if info is not None and info.is_retired(day) and info not in best:
            note = f" (the closest id, `{closest[0]}`, is retired)"
    return f"; did you mean {names}?{note}"
