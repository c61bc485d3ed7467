"""Risk notes: changes that usually need a reviewer's eye, found over the list of changes."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from .compare import Change, Path, number_text


@dataclass(frozen=True, slots=True)
class Risk:
    """A flagged change: a stable code, the body path it concerns, one sentence."""

    code: str
    path: Path
    message: str


class ModelFacts(Protocol):
    """What the catalog knows about a model (modelcfg.profiles.catalog.ModelInfo)."""

    @property
    def max_input_tokens(self) -> int | None: ...
    @property
    def input_cost_per_token(self) -> float | None: ...
    @property
    def output_cost_per_token(self) -> float | None: ...


#: (endpoint, model id) -> what the catalog says, or None when it does not know the model.
Lookup = Callable[[str, str], ModelFacts | None]

Body = Mapping[str, Any]


def risk_notes(old: Body, new: Body, changes: list[Change], lookup: Lookup | None) -> list[Risk]:
    """Every risk note for ``changes`` between bodies ``old`` and ``new``."""
    disabled = {c.path[1] for c in changes if _disables(c)}
    routes = routes_to(disabled, new) if disabled else {}
    notes: list[Risk] = []
    for change in changes:
        notes.extend(_notes_for(change, old, new, lookup, routes))
    return notes


def _disables(change: Change) -> bool:
    path = change.path
    return len(path) == 3 and path[0] == "providers" and path[2] == "enabled" and change.new is False


def _notes_for(
    change: Change, old: Body, new: Body, lookup: Lookup | None, routes: Mapping[str, list[str]]
) -> Iterator[Risk]:
    path = change.path
    is_model = len(path) == 5 and path[0] == "providers" and path[2] == "models"
    if is_model and path[4] == "id" and change.op == "changed":
        yield from _model_swap(path, old, new, lookup)
    elif is_model and path[4] == "max_output_tokens" and _raised(change):
        yield Risk("max-output-raised", path, f"max_output_tokens raised {_n(change.old)} → {_n(change.new)}")
    elif path == ("profiles", "precise", "temperature") and _raised(change):
        raised = f"{number_text(change.old)} → {number_text(change.new)}"
        yield Risk("precise-temperature-raised", path, f"temperature raised {raised} in the precise profile")
    elif path[:2] == ("failover", "chains") and len(path) == 3:
        yield from _chain(change)
    elif len(path) == 3 and path[0] == "providers" and path[2] == "endpoint" and change.op == "changed":
        before, after = _host(change.old), _host(change.new)
        if before != after:
            yield Risk("endpoint-host-changed", path, f"endpoint host changed {before} → {after}")
    elif _disables(change) and routes.get(path[1]):
        by = routes[path[1]]
        more = f" and {len(by) - 3} more" if len(by) > 3 else ""
        message = f"provider `{path[1]}` disabled but still routed by {', '.join(by[:3])}{more}"
        yield Risk("disabled-while-routed", path, message)


def _raised(change: Change) -> bool:
    old, new = change.old, change.new
    numbers = (int, float)
    return change.op == "changed" and isinstance(old, numbers) and isinstance(new, numbers) and new > old


def _n(value: int) -> str:
    return f"{value:,}"


def _model_swap(path: Path, old: Body, new: Body, lookup: Lookup | None) -> Iterator[Risk]:
    before, after = _model(old, path), _model(new, path)
    endpoint_old = old["providers"][path[1]].get("endpoint", "")
    endpoint_new = new["providers"][path[1]].get("endpoint", "")
    facts_old = lookup(endpoint_old, before["id"]) if lookup else None
    facts_new = lookup(endpoint_new, after["id"]) if lookup else None
    swap = f"{before['id']} → {after['id']}"
    if facts_old is not None and facts_new is not None and _pricier(facts_old, facts_new):
        yield Risk(
            "pricier-model",
            path,
            f"model {swap} costs more per 1M tokens: {_price(facts_old)} → {_price(facts_new)} (in/out)",
        )
    window_old = before.get("max_input_tokens") or (facts_old.max_input_tokens if facts_old else None)
    window_new = after.get("max_input_tokens") or (facts_new.max_input_tokens if facts_new else None)
    if window_old and window_new and window_new < window_old:
        yield Risk(
            "smaller-context",
            path,
            f"model {swap} has a smaller context window: {_n(window_old)} → {_n(window_new)} tokens",
        )


def _model(body: Body, path: Path) -> Mapping[str, Any]:
    model: Mapping[str, Any] = body["providers"][path[1]]["models"][path[3]]
    return model


def _pricier(old: ModelFacts, new: ModelFacts) -> bool:
    pairs = (
        (old.input_cost_per_token, new.input_cost_per_token),
        (old.output_cost_per_token, new.output_cost_per_token),
    )
    return any(a is not None and b is not None and b > a for a, b in pairs)


def _price(facts: ModelFacts) -> str:
    def per_million(cost: float | None) -> str:
        return "?" if cost is None else f"${cost * 1_000_000:,.2f}"

    return f"{per_million(facts.input_cost_per_token)}/{per_million(facts.output_cost_per_token)}"


def _chain(change: Change) -> Iterator[Risk]:
    key = change.path[2]
    if change.op == "removed":
        message = f"failover chain {key} removed (had {len(change.old)} entries)"
        yield Risk("chain-removed", change.path, message)
    elif change.op == "changed" and len(change.new) < len(change.old):
        yield Risk(
            "chain-shortened",
            change.path,
            f"failover chain {key} shortened {len(change.old)} → {len(change.new)} entries",
        )


def _host(endpoint: Any) -> str:
    if not isinstance(endpoint, str):
        return "none"
    parts = urlsplit(endpoint)
    return parts.netloc.rpartition("@")[2] or endpoint


def routes_to(providers: set[str], body: Body) -> dict[str, list[str]]:
    """For each of ``providers``, what in ``body`` sends it requests: selection and other pairs' chains."""
    routes: dict[str, list[str]] = {p: [] for p in providers}
    selection = body.get("selection", {})
    if selection.get("default_provider") in routes:
        routes[selection["default_provider"]].append("selection.default_provider")
    for i, rule in enumerate(selection.get("rules", [])):
        if rule.get("provider") in routes:
            routes[rule["provider"]].append(f"selection.rules[{i}]")
    for name, task in selection.get("tasks", {}).items():
        if task.get("provider") in routes:
            routes[task["provider"]].append(f"selection.tasks.{name}")
    for key, chain in body.get("failover", {}).get("chains", {}).items():
        if len(chain) < 2:  # only its own head: routes nowhere else
            continue
        head = key.partition("/")[0]
        for provider in dict.fromkeys(e.get("provider") for e in chain[1:] if isinstance(e, dict)):
            if provider in routes and provider != head:
                routes[provider].append(f"failover.chains.{key}")
    return routes


class _Catalog(Protocol):
    def lookup(self, namespace: str, model_id: str) -> Any: ...
    def find(self, model_id: str) -> list[Any]: ...


def catalog_lookup(catalog: _Catalog | None = None) -> Lookup:
    """Model facts from ``catalog`` (default: the built-in one, read on the first model swap).

    The namespace comes from the endpoint host; for other hosts an id the catalog
    knows in exactly one namespace is still found.
    """
    return _CatalogLookup(catalog)


class _CatalogLookup:
    def __init__(self, catalog: _Catalog | None) -> None:
        self._catalog = catalog
        self._loaded = catalog is not None
        self._seen: dict[tuple[str | None, str], ModelFacts | None] = {}

    def __call__(self, endpoint: str, model_id: str) -> ModelFacts | None:
        from modelcfg.profiles.catalog import namespace_for

        key = (namespace_for(endpoint), model_id)
        if key not in self._seen:
            self._seen[key] = self._facts(*key)
        return self._seen[key]

    def _facts(self, namespace: str | None, model_id: str) -> ModelFacts | None:
        catalog = self._load()
        if catalog is None:
            return None
        if namespace is not None:
            facts: ModelFacts | None = catalog.lookup(namespace, model_id)
            return facts
        found = catalog.find(model_id)
        return found[0] if len(found) == 1 else None

    def _load(self) -> _Catalog | None:
        if not self._loaded:
            from modelcfg.profiles.catalog import load_catalog

            try:
                self._catalog = load_catalog()
            except (OSError, ValueError):
                self._catalog = None
            self._loaded = True
        return self._catalog
