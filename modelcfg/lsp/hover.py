"""Hover on a setting: its value per environment, the layers that set it, schema and catalog facts."""

import json
from typing import Any

from modelcfg.compiler.explain import explain, render_text
from modelcfg.compiler.source import Path, value_at
from modelcfg.schema.secrets import mask_secrets

from . import schema_lookup
from .analysis import Analysis
from .models import describe, lookup, model_class_at, namespace_of

__all__ = ["hover_text"]


def _dotted(path: Path) -> str:
    return ".".join(map(str, path))


_WIDTH = 120  # a whole section (hover on `providers:`) is summarised, not dumped


def _show(value: Any) -> str:
    text = mask_secrets(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def _clip(line: str) -> str:
    return line if len(line) <= 2 * _WIDTH else line[: 2 * _WIDTH - 1] + "…"


def _values(analysis: Analysis, path: Path) -> list[str]:
    rows = ["| environment | value |", "|---|---|"]
    for env, compilation in analysis.compilations.items():
        item = explain(compilation, path)
        shown = f"`{_show(item.value)}`" if item.found else "not set"
        if item.found and not item.origins:
            shown += " (default)"
        rows.append(f"| {env or '(base)'} | {shown} |")
    return rows


def _chain(analysis: Analysis, path: Path, env: str | None) -> list[str]:
    compilation = analysis.compilations.get(env) or analysis.compilations[None]
    item = explain(compilation, path)
    if not item.origins:
        return []
    heading = f"layers{f' in `{env}`' if env else ''}, lowest first:"
    lines = render_text([item]).rstrip("\n").splitlines()
    return [heading, "```text", *(_clip(line) for line in lines), "```"]


def _schema(path: Path) -> list[str]:
    node = schema_lookup.node_at(path)
    if node is None:
        return []
    found = []
    text = schema_lookup.description(node)
    if text:
        found.append(text)
    limits = schema_lookup.bounds(node)
    values = schema_lookup.enum_values(node)
    if limits:
        found.append("bounds: " + ", ".join(limits))
    if values:
        found.append("one of: " + ", ".join(f"`{v}`" for v in values))
    return found


def _model(analysis: Analysis, path: Path, env: str | None) -> list[str]:
    target = model_class_at(path)
    if target is None:
        return []
    compilation = analysis.compilations.get(env) or analysis.compilations[None]
    found, value = value_at(compilation.tree, path)
    if isinstance(value, dict):
        value = value.get("id")
    namespace = namespace_of(compilation.tree, target[0])
    if not found or not isinstance(value, str) or not value or namespace is None:
        return []
    info = lookup(namespace, value)
    if info is None:
        return [f"`{value}` is not in the `{namespace}` catalog"]
    return [describe(info)]


def hover_text(analysis: Analysis, path: Path, env: str | None) -> str | None:
    """Markdown for the setting at ``path``; ``env`` picks the environment whose layers are listed."""
    if not path:
        return None
    parts = [f"**`{_dotted(path)}`**", "\n".join(_values(analysis, path))]
    for section in (_chain(analysis, path, env), _model(analysis, path, env), _schema(path)):
        if section:
            parts.append("\n".join(section))
    return "\n\n".join(parts)
