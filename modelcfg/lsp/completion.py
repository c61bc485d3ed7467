"""Completion: schema keys, enum values, catalog model ids, `extends` built-ins, names the project defines."""

from collections.abc import Iterable
from typing import Any

from lsprotocol import types as lsp

from modelcfg.compiler.source import Path
from modelcfg.profiles import builtin_names

from . import schema_lookup
from .analysis import Analysis
from .cursor import Cursor
from .models import describe, model_class_at, namespace_of, offered_models

__all__ = ["complete"]

_PROVIDER_FIELDS = frozenset({"provider", "default_provider"})
_PROFILE_FIELDS = frozenset({"profile", "default_profile"})


def _item(label: str, kind: lsp.CompletionItemKind, detail: str | None = None, order: int = 0) -> Any:
    return lsp.CompletionItem(label=label, kind=kind, detail=detail, sort_text=f"{order:05d}{label}")


def _names(tree: Any, key: str) -> list[str]:
    found = tree.get(key) if isinstance(tree, dict) else None
    return sorted(map(str, found)) if isinstance(found, dict) else []


def _keys(cursor: Cursor, analysis: Analysis) -> Iterable[lsp.CompletionItem]:
    if cursor.parent == ("environments",):
        for env in analysis.environments:
            yield _item(env, lsp.CompletionItemKind.Module, "environment")
        return
    for key, node in schema_lookup.keys_at(cursor.parent).items():
        yield _item(key, lsp.CompletionItemKind.Property, schema_lookup.description(node))


def _models(provider: str, model_class: str, tree: Any) -> Iterable[lsp.CompletionItem]:
    namespace = namespace_of(tree, provider)
    if namespace is None:
        return
    for order, info in enumerate(offered_models(namespace, model_class)):
        item = _item(info.id, lsp.CompletionItemKind.Value, describe(info), order)
        item.deprecated = info.deprecation_date is not None or info.retired
        yield item


def _chains(tree: Any) -> Iterable[lsp.CompletionItem]:
    classes = schema_lookup.enum_values(schema_lookup.schema()["definitions"]["ModelClass"])
    for provider in _names(tree, "providers"):
        yield _item(provider, lsp.CompletionItemKind.Module, "provider")
        for model_class in classes:
            yield _item(f"{provider}/{model_class}", lsp.CompletionItemKind.Module, "provider/class", 1)


def _values(cursor: Cursor, analysis: Analysis) -> Iterable[lsp.CompletionItem]:
    path: Path = cursor.path
    tree = analysis.compilations[None].tree
    if path[:1] == ("extends",):
        for kind in ("preset", "profile"):
            for name in builtin_names(kind):
                yield _item(f"{kind}:{name}", lsp.CompletionItemKind.Module, f"built-in {kind}")
        return
    target = model_class_at(path)
    if target is not None:
        yield from _models(*target, tree)
        return
    if path[:2] == ("failover", "chains"):
        yield from _chains(tree)
        return
    if path and path[-1] in _PROVIDER_FIELDS:
        for name in _names(tree, "providers"):
            yield _item(name, lsp.CompletionItemKind.Module, "provider")
        return
    if path and path[-1] in _PROFILE_FIELDS:
        for name in _names(tree, "profiles"):
            yield _item(name, lsp.CompletionItemKind.Module, "profile")
        return
    for value in schema_lookup.enum_values(schema_lookup.node_at(path)):
        shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
        yield _item(shown, lsp.CompletionItemKind.EnumMember)


def complete(cursor: Cursor, analysis: Analysis, word: lsp.Range) -> list[lsp.CompletionItem]:
    """Candidates for the word at ``cursor`` (``word`` is its range), filtered by what is typed."""
    source = _keys(cursor, analysis) if cursor.on == "key" else _values(cursor, analysis)
    prefix = cursor.prefix.strip("\"'")
    found = [item for item in source if item.label.startswith(prefix)]
    for item in found:
        item.text_edit = lsp.TextEdit(word, item.label)
    return found
