"""Cross-field validity (MC401–MC409): references that must resolve for the table to run.

Style belongs to the linter; these are the checks without which the runtime would
fail: routed classes have a model, chains name served pairs without repeats,
token windows make sense, names refer to things that exist.
"""

import difflib
from collections.abc import Callable, Iterator
from typing import Any

from modelcfg.schema import CHAT_CLASSES, Document, ModelClass, WireApi

from .diagnostic import Diagnostic, Severity, Span
from .source import Path, value_at
from .table import chain_entry, default_provider, served_id

__all__ = ["CODES", "check_validity"]

SpanOf = Callable[[Path, bool], Span]

CODES = {
    "MC401": "a class routed by selection has no model at its provider",
    "MC402": "a failover chain names a provider/class pair that does not exist",
    "MC403": "a failover chain repeats an entry or its own head",
    "MC404": "max_output_tokens is not smaller than max_input_tokens",
    "MC405": "selection names a provider that does not exist",
    "MC406": "selection names a profile that does not exist",
    "MC407": "a failover chain key or entry is not `provider` or `provider/class`",
    "MC408": "an anthropic-vertex provider has no `vertex` location",
    "MC409": "the default provider is disabled",
}
_CLASSES = [c.value for c in ModelClass]


def _has(tree: Any, path: Path) -> bool:
    return value_at(tree, path)[0]


def check_validity(document: Document, tree: dict[str, Any], span_of: SpanOf) -> list[Diagnostic]:
    """Every cross-field problem in a schema-valid document."""

    def diag(code: str, path: Path, message: str, hint: str | None = None, key: bool = False) -> Diagnostic:
        return Diagnostic(code, Severity.ERROR, message, span_of(path, key), hint)

    return [
        *_providers(document, diag),
        *_selection(document, tree, diag),
        *_chains(document, diag),
    ]


Diag = Callable[..., Diagnostic]


def _served(document: Document, provider: str, cls: str) -> bool:
    entry = document.providers.get(provider)
    if entry is None or cls not in _CLASSES:
        return False
    return bool(served_id(entry, ModelClass(cls)))


def _suggest(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"defined: {', '.join(sorted(options))}" if options else None


def _providers(document: Document, diag: Diag) -> Iterator[Diagnostic]:
    for name, provider in document.providers.items():
        base: Path = ("providers", name)
        if provider.api is WireApi.ANTHROPIC_VERTEX and provider.vertex is None:
            yield diag(
                "MC408",
                (*base, "api"),
                f"provider `{name}` speaks anthropic-vertex but has no `vertex`",
                "add `vertex: {project: my-gcp-project, region: us-east5}`",
            )
        window = (provider.max_input_tokens, provider.max_output_tokens)
        if window[0] and window[1] and window[1] >= window[0]:
            yield diag(
                "MC404",
                (*base, "max_output_tokens"),
                f"max_output_tokens ({window[1]}) must be smaller than max_input_tokens ({window[0]})",
            )
        for cls, ref in provider.models.items():
            if isinstance(ref, str):
                continue
            chat = cls in CHAT_CLASSES  # the provider's window applies to chat classes only
            max_in = ref.max_input_tokens or (provider.max_input_tokens if chat else None)
            max_out = ref.max_output_tokens or (provider.max_output_tokens if chat else None)
            if (ref.max_input_tokens or ref.max_output_tokens) and max_in and max_out and max_out >= max_in:
                field = "max_output_tokens" if ref.max_output_tokens else "max_input_tokens"
                yield diag(
                    "MC404",
                    (*base, "models", cls.value, field),
                    f"max_output_tokens ({max_out}) must be smaller than max_input_tokens ({max_in}) "
                    f"for {name}/{cls.value}",
                )


def _selection(document: Document, tree: dict[str, Any], diag: Diag) -> Iterator[Diagnostic]:
    selection = document.selection
    providers = list(document.providers)
    profiles = list(document.profiles)
    default = default_provider(document)
    if selection.default_provider is not None:
        path: Path = ("selection", "default_provider")
        found = document.providers.get(selection.default_provider)
        if found is None:
            yield diag(
                "MC405",
                path,
                f"default_provider `{selection.default_provider}` is not a provider",
                _suggest(selection.default_provider, providers),
            )
            default = None
        elif not found.enabled:
            yield diag(
                "MC409",
                path,
                f"default_provider `{selection.default_provider}` is disabled",
                "enable it or name another provider",
            )
    if selection.default_profile is not None and selection.default_profile not in document.profiles:
        yield diag(
            "MC406",
            ("selection", "default_profile"),
            f"default_profile `{selection.default_profile}` is not a profile",
            _suggest(selection.default_profile, profiles),
        )
    routes: list[tuple[Path, str | None, str, str | None]] = []
    if _has(tree, ("selection", "default_class")):
        routes.append((("selection", "default_class"), None, selection.default_class.value, None))
    if _has(tree, ("selection", "rules")):
        for i, rule in enumerate(selection.rules):
            routes.append((("selection", "rules", i), rule.provider, rule.model_class.value, rule.profile))
    for name, task in selection.tasks.items():
        routes.append((("selection", "tasks", name), task.provider, task.model_class.value, task.profile))
    for path, provider, cls, profile in routes:
        if provider is not None and provider not in document.providers:
            yield diag(
                "MC405",
                (*path, "provider"),
                f"provider `{provider}` is not defined",
                _suggest(provider, providers),
            )
            continue
        if profile is not None and profile not in document.profiles:
            yield diag(
                "MC406",
                (*path, "profile"),
                f"profile `{profile}` is not defined",
                _suggest(profile, profiles),
            )
        target = provider or default
        if target is not None and not _served(document, target, cls):
            where = path if path[-1] == "default_class" else (*path, "class")
            yield diag(
                "MC401",
                where,
                f"class `{cls}` is routed to provider `{target}`, which has no {cls} model",
                f"add `providers.{target}.models.{cls}` or route to another provider",
            )


def _chains(document: Document, diag: Diag) -> Iterator[Diagnostic]:
    sections = (
        ("chains", document.failover.chains),
        ("context_window_chains", document.failover.context_window_chains),
    )
    for section, key, entries in ((s, k, e) for s, chains in sections for k, e in chains.items()):
        base: Path = ("failover", section, key)
        head_provider, _, head_class = key.partition("/")
        if not head_provider or head_class not in _CLASSES:
            yield diag(
                "MC407",
                base,
                f"chain key `{key}` must be `provider/class`",
                f"class is one of {', '.join(_CLASSES)}",
                True,
            )
            continue
        if not _served(document, head_provider, head_class):
            yield diag(
                "MC402",
                base,
                f"chain `{key}` starts at a pair that has no model",
                _suggest(head_provider, list(document.providers)),
                True,
            )
        seen = {(head_provider, head_class)}
        for i, entry in enumerate(entries):
            provider, cls = chain_entry(entry, head_class)
            if not provider or cls not in _CLASSES or entry.count("/") > 1:
                yield diag(
                    "MC407", (*base, i), f"chain entry `{entry}` must be `provider` or `provider/class`"
                )
                continue
            if (provider, cls) in seen:
                yield diag(
                    "MC403",
                    (*base, i),
                    f"chain `{key}` tries `{provider}/{cls}` twice",
                    "each provider/class pair may appear once, the head included",
                )
                continue
            seen.add((provider, cls))
            if not _served(document, provider, cls):
                missing = provider not in document.providers
                message = (
                    f"chain entry `{entry}` names an unknown provider"
                    if missing
                    else f"chain entry `{entry}`: provider `{provider}` has no {cls} model"
                )
                yield diag(
                    "MC402",
                    (*base, i),
                    message,
                    _suggest(provider, list(document.providers)) if missing else None,
                )
