"""Choose provider, model and settings for a request: the seed's selectOptimalModel,
driven by the table's `selection` rules and tasks, filtered by context window and
capabilities. Answers are memoised, so a repeated question costs a dict lookup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .errors import NoModelFits, SelectionError
from .table import EMPTY, Entry, Table

_MEMO_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Choice:
    """The answer to select(): the entry to call first, its settings, and the fallbacks that also fit."""

    provider: str
    model: str
    model_class: str
    profile: str | None
    settings: Mapping[str, Any]  # the model's settings with the profile applied
    max_input_tokens: int | None
    max_output_tokens: int | None
    entry: Entry
    chain: tuple[Entry, ...]  # entry first, then the eligible failover entries in order
    context_chain: tuple[Entry, ...] = ()  # tried instead when the context window is exceeded


@dataclass(frozen=True, slots=True)
class _Route:
    model_class: str
    provider: str | None
    profile: str | None
    needs: tuple[str, ...] = ()


class Selector:
    """select() over one table; build once per table."""

    def __init__(self, table: Table) -> None:
        sel = table.body.get("selection", EMPTY)
        self.table = table
        self.default_provider: str | None = sel.get("default_provider")
        self.default_class: str = sel.get("default_class", "medium")
        self.default_profile: str | None = sel.get("default_profile")
        self.rules = tuple(
            (dict(r.get("when", EMPTY)), _Route(r["class"], r.get("provider"), r.get("profile")))
            for r in sel.get("rules", ())
        )
        self.tasks = {
            name: _Route(t["class"], t.get("provider"), t.get("profile"), tuple(t.get("needs", ())))
            for name, t in sel.get("tasks", EMPTY).items()
        }
        self.rule_tasks = {when["task"] for when, _ in self.rules if "task" in when}
        self.profiles: Mapping[str, Mapping[str, Any]] = table.body.get("profiles", EMPTY)
        self._memo: dict[tuple[Any, ...], Choice] = {}

    def select(
        self,
        task: str | None = None,
        speed: str | None = None,
        complexity: str | None = None,
        min_context: int | None = None,
        needs: Iterable[str] | None = None,
        profile: str | None = None,
        model_class: str | None = None,
        provider: str | None = None,
    ) -> Choice:
        need = tuple(sorted(needs)) if needs else ()
        key = (task, speed, complexity, min_context, need, profile, model_class, provider)
        found = self._memo.get(key)
        if found is None:
            found = self._choose(task, speed, complexity, min_context, need, profile, model_class, provider)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _choose(
        self,
        task: str | None,
        speed: str | None,
        complexity: str | None,
        min_context: int | None,
        need: tuple[str, ...],
        profile: str | None,
        model_class: str | None,
        provider: str | None,
    ) -> Choice:
        route = self._route(
            task,
            {
                "speed": speed,
                "complexity": complexity,
                "min_context": min_context,
                "needs": need,
                "task": task,
            },
        )
        cls = model_class or route.model_class
        prof = profile or route.profile or self.default_profile
        if prof is not None and prof not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none"
            raise SelectionError(f"unknown profile `{prof}`; the table has: {known}")
        wanted = frozenset(need) | frozenset(route.needs)
        chain = self._candidates(provider or route.provider, cls, explicit=bool(provider or route.provider))
        reasons = [r for e in chain if (r := _unfit(e, min_context, wanted))]
        fit = tuple(e for e in chain if not _unfit(e, min_context, wanted))
        if not fit:
            raise NoModelFits(f"no `{cls}` model fits the request", tuple(reasons))
        first = fit[0]
        settings = {**first.settings, **(self.profiles[prof] if prof else EMPTY)}
        return Choice(
            provider=first.provider.name,
            model=first.model_id,
            model_class=cls,
            profile=prof,
            settings=MappingProxyType(settings),
            max_input_tokens=first.max_input_tokens,
            max_output_tokens=first.max_output_tokens,
            entry=first,
            chain=fit,
            context_chain=self._context_chain(first, min_context, wanted),
        )

    def _context_chain(
        self, head: Entry, min_context: int | None, wanted: frozenset[str]
    ) -> tuple[Entry, ...]:
        """The head's `context_window_chains` entries that fit the request."""
        failover = self.table.body.get("failover", EMPTY)
        refs = failover.get("context_window_chains", EMPTY).get(head.key, ())
        entries = (self.table.entries.get(f"{r['provider']}/{r['class']}") for r in refs)
        return tuple(e for e in entries if e is not None and not _unfit(e, min_context, wanted))

    def _route(self, task: str | None, request: Mapping[str, Any]) -> _Route:
        if task is not None and task in self.tasks:
            return self.tasks[task]
        if task is not None and task not in self.rule_tasks:
            known = ", ".join(sorted(self.tasks)) or "none"
            raise SelectionError(f"unknown task `{task}`; the table's tasks: {known}")
        for when, route in self.rules:
            if _matches(when, request):
                return route
        return _Route(self.default_class, None, None)

    def _candidates(self, provider: str | None, cls: str, explicit: bool) -> tuple[Entry, ...]:
        name = provider or self.default_provider
        if name is not None and name not in self.table.providers:
            raise SelectionError(
                f"unknown provider `{name}`; the table has: {', '.join(self.table.providers)}"
            )
        chain = self.table.chains.get(f"{name}/{cls}")
        if chain is not None:
            return chain
        if explicit:
            raise NoModelFits(f"provider `{name}` serves no `{cls}` model")
        others = tuple(e for e in self.table.entries.values() if e.model_class == cls)
        if not others:
            raise NoModelFits(f"no provider serves a `{cls}` model")
        return others


def _matches(when: Mapping[str, Any], request: Mapping[str, Any]) -> bool:
    for key, value in when.items():
        got = request.get(key)
        if key == "min_context":
            if got is None or got < value:
                return False
        elif key == "needs":
            if not set(value) <= set(got or ()):
                return False
        elif got != value:
            return False
    return True


def _unfit(entry: Entry, min_context: int | None, needs: frozenset[str]) -> str:
    """Why this entry cannot serve the request ("" if it can)."""
    label = f"{entry.key} ({entry.model_id})"
    if not entry.provider.enabled:
        return f"{label} is disabled"
    if min_context is not None:
        if entry.max_input_tokens is None:
            return f"{label} has no known context window (min_context={min_context})"
        if entry.max_input_tokens < min_context:
            return f"{label} has a {entry.max_input_tokens}-token window < min_context {min_context}"
    missing = needs - entry.capabilities
    if missing:
        return f"{label} lacks {', '.join(sorted(missing))}"
    return ""
