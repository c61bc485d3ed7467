"""Render a TableDiff as aligned text (optionally colored), a --stat summary, or JSON."""

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from modelcfg.schema.secrets import mask_secrets

from .compare import Change, number_text
from .paths import shown_path
from .tablediff import Entry, TableDiff

SYMBOL = {"added": "+", "removed": "-", "changed": "~"}
_ANSI = {"added": "32", "removed": "31", "changed": "33", "group": "1", "dim": "2", "risk": "1;33"}
#: widest value column before values stop pushing the origin column right.
VALUE_WIDTH = 40
JSON_FORMAT = 1

Paint = Callable[[str, str], str]


def render_text(diff: TableDiff, *, color: bool = False) -> str:
    """Changes grouped by provider and class, aligned, then risk notes and a summary line."""
    paint = _painter(color)
    lines = [paint("group", f"modelcfg diff {diff.old.label} → {diff.new.label}")]
    for group, entries in diff.groups():
        lines += ["", paint("group", group.label)]
        values = [_value_text(e.change) for e in entries]
        path_width = max(len(e.path) for e in entries) + 1
        value_width = min(VALUE_WIDTH, max(map(len, values)))
        for entry, value in zip(entries, values, strict=True):
            lines += _entry_lines(entry, value, path_width, value_width, paint)
    if diff.risks:
        lines += ["", paint("risk", "risk notes")]
        width = max(len(r.code) for r in diff.risks)
        lines += [f"  {paint('risk', '!')} {r.code:<{width}}  {r.message}" for r in diff.risks]
    lines += ["", summary_line(diff)]
    return scrub("\n".join(lines) + "\n")


def _entry_lines(entry: Entry, value: str, path_width: int, value_width: int, paint: Paint) -> list[str]:
    change = entry.change
    head = f"  {paint(change.op, SYMBOL[change.op])} {entry.path + ':':<{path_width}}"
    if change.kind == "sequence":
        rows = [f"      {paint(_entry_op(op), op)} {show(item)}" for op, item in change.entries]
        origin = f"  {paint('dim', str(entry.origin))}" if entry.origin else ""
        return [head.rstrip() + origin, *rows]
    origin = f"  {paint('dim', str(entry.origin))}" if entry.origin else ""
    return [f"{head} {value:<{value_width}}{origin}".rstrip()]


def _entry_op(op: str) -> str:
    return {"+": "added", "-": "removed"}.get(op, "dim")


def _value_text(change: Change) -> str:
    if change.op == "added":
        return show(change.new)
    if change.op == "removed":
        return show(change.old)
    if change.kind == "set":
        return "{" + ", ".join(f"{op}{show(item)}" for op, item in change.entries) + "}"
    if change.kind == "sequence":
        return ""
    return f"{show(change.old)} → {show(change.new)}"


def show(value: Any, width: int = 80) -> str:
    """A short, unambiguous rendering of a table value (strings quoted, like JSON)."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, list) and value and all(_is_chain_entry(v) for v in value):
        return "[" + ", ".join(f"{v['provider']}/{v['class']}" for v in value) + "]"
    if isinstance(value, dict):
        if _is_chain_entry(value):
            return f"{value['provider']}/{value['class']}"
        if "id" in value and "settings" in value:
            return json.dumps(value["id"], ensure_ascii=False)
        if "endpoint" in value and isinstance(value.get("models"), dict):
            models = ", ".join(
                f"{c}={m.get('id') if isinstance(m, dict) else m}" for c, m in value["models"].items()
            )
            return f"{value['endpoint']} ({models or 'no models'})"
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_chain_entry(value: Any) -> bool:
    return isinstance(value, dict) and value.keys() == {"provider", "class"}


def summary_line(diff: TableDiff) -> str:
    """`4 changes in 2 providers (1 added, 1 removed, 2 changed), 1 risk note` or `no differences`."""
    if not diff.entries:
        return "no differences"
    counts = diff.counts
    providers = {e.group.provider for e in diff.entries if e.group.provider is not None}
    where = f" in {_plural(len(providers), 'provider')}" if providers else ""
    ops = ", ".join(f"{counts[op]} {op}" for op in ("added", "removed", "changed"))
    risks = f", {_plural(len(diff.risks), 'risk note')}" if diff.risks else ""
    return f"{_plural(len(diff.entries), 'change')}{where} ({ops}){risks}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def stat_rows(diff: TableDiff) -> list[dict[str, Any]]:
    """Counts per provider (all its classes together) and per section, in display order."""
    rows: dict[str, Counter[str]] = {}
    for entry in sorted(diff.entries, key=lambda e: e.group.rank):
        name = entry.group.provider or entry.group.section
        rows.setdefault(name, Counter())[entry.change.op] += 1
    return [
        {"name": name, "added": c["added"], "removed": c["removed"], "changed": c["changed"]}
        for name, c in rows.items()
    ]


def render_stat(diff: TableDiff, *, color: bool = False) -> str:
    """git-style `--stat`: one line per provider or section, then the summary line."""
    paint = _painter(color)
    rows = stat_rows(diff)
    width = max((len(r["name"]) for r in rows), default=0)
    lines = []
    for r in rows:
        total = r["added"] + r["removed"] + r["changed"]
        marks = " ".join(paint(op, f"{SYMBOL[op]}{r[op]}") for op in ("added", "removed", "changed") if r[op])
        lines.append(f" {r['name']:<{width}} | {total:>4} {marks}")
    return scrub("\n".join([*lines, " " + summary_line(diff)]) + "\n")


def as_json(diff: TableDiff) -> dict[str, Any]:
    """The documented JSON shape (docs/diff.md); keys are always present."""
    counts = diff.counts
    return {
        "format": JSON_FORMAT,
        "old": {"label": diff.old.label, "content_hash": diff.old.content_hash},
        "new": {"label": diff.new.label, "content_hash": diff.new.content_hash},
        "summary": {
            "changes": len(diff.entries),
            "added": counts["added"],
            "removed": counts["removed"],
            "changed": counts["changed"],
            "risks": len(diff.risks),
            "text": summary_line(diff),
        },
        "changes": [_entry_json(e) for _, entries in diff.groups() for e in entries],
        "risks": [{"code": r.code, "path": shown_path(r.path), "message": r.message} for r in diff.risks],
        "stat": stat_rows(diff),
    }


def _entry_json(entry: Entry) -> dict[str, Any]:
    change = entry.change
    is_set, is_sequence = change.kind == "set", change.kind == "sequence"
    return {
        "op": change.op,
        "kind": change.kind,
        "path": entry.path,
        "key": list(change.path),
        "group": entry.group.label,
        "provider": entry.group.provider,
        "class": entry.group.model_class,
        "old": change.old,
        "new": change.new,
        "added": [item for op, item in change.entries if op == "+"] if is_set else [],
        "removed": [item for op, item in change.entries if op == "-"] if is_set else [],
        "entries": [{"op": op, "value": item} for op, item in change.entries] if is_sequence else [],
        "origin": entry.origin.as_json() if entry.origin else None,
    }


def render_json(diff: TableDiff) -> str:
    """`as_json` as indented, key-sorted JSON."""
    return scrub(json.dumps(as_json(diff), indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def scrub(text: str) -> str:
    """Mask anything that looks like a literal API key (tables should hold none; a diff never shows one)."""
    return mask_secrets(text)


def _painter(color: bool) -> Paint:
    def paint(style: str, text: str) -> str:
        return f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if color else text

    return paint
