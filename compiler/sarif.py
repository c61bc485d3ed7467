"""SARIF 2.1.0 output, for GitHub code scanning and other static-analysis dashboards.

Rule metadata (short and full descriptions, help) comes from the lint rules' docstrings.
A finding in a built-in preset or profile (`<builtin>/presets/openai.yaml`, a file that
is not in the reviewer's repository) is located at the user's `extends` entry that
brought the built-in in, and its message names the built-in line.
"""

import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from .diagnostic import Diagnostic, Severity, Span
from .layers import BUILTIN_KINDS, BUILTIN_PREFIX
from .load import parse
from .source import LoadError

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], color: bool = False) -> str:
    """One SARIF log with one run; every lint rule is described, plus each compile code seen."""
    from modelcfg import __version__

    entries = extends_entries(sources)
    findings = list(diagnostics)
    rules = _rules(sorted({d.code for d in findings}))
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modelcfg",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code], entries) for d in findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rules(seen_codes: list[str]) -> list[dict[str, Any]]:
    from modelcfg.compiler.lint.docs import doc, sections
    from modelcfg.compiler.lint.registry import RULES

    described = []
    for code, rule in RULES.items():
        what = sections(rule).get("What it does", rule.SUMMARY)
        described.append(
            {
                "id": code,
                "name": rule.NAME,
                "shortDescription": {"text": rule.SUMMARY},
                "fullDescription": {"text": " ".join(what.split())},
                "help": {"text": doc(rule), "markdown": doc(rule)},
                "defaultConfiguration": {"level": LEVELS[rule.DEFAULT]},
            }
        )
    described += [
        {"id": code, "shortDescription": {"text": "compile diagnostic"}}
        for code in seen_codes
        if code not in RULES
    ]
    return described


def extends_entries(sources: Mapping[str, str]) -> dict[str, Span]:
    """Each built-in file's label → the span of the first user `extends` entry naming it."""
    pulled: dict[str, Span] = {}
    for label, text in sources.items():
        if label.startswith(BUILTIN_PREFIX) or not label.endswith((".yaml", ".yml", ".toml")):
            continue
        try:
            tree = parse(label, text.encode("utf-8"))
        except LoadError:
            continue
        value = tree.tree.get("extends") if isinstance(tree.tree, dict) else None
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for index, item in enumerate(items):
            kind, sep, name = item.partition(":") if isinstance(item, str) else ("", "", "")
            if sep and kind in BUILTIN_KINDS:
                at = ("extends",) if isinstance(value, str) else ("extends", index)
                pulled.setdefault(f"{BUILTIN_PREFIX}{BUILTIN_KINDS[kind]}/{name}.yaml", tree.span(at))
    return pulled


def _result(d: Diagnostic, rule_index: int, entries: Mapping[str, Span]) -> dict[str, Any]:
    span, note = _placed(d.span, entries)
    message = d.message if note is None else f"{d.message} ({note})"
    text = message if d.hint is None else f"{message}\nhint: {d.hint}"
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": text},
        "locations": [_location(span)],
    }
    related = []
    for s in d.related:
        placed, note = _placed(s, entries)
        if not placed.file.startswith(BUILTIN_PREFIX):
            related.append((placed, "also set here" if note is None else f"also {note}"))
    if related:
        result["relatedLocations"] = [
            {**_location(s), "id": i, "message": {"text": text}} for i, (s, text) in enumerate(related)
        ]
    return result


def _placed(span: Span, entries: Mapping[str, Span]) -> tuple[Span, str | None]:
    """Where a reviewer can open ``span``: a built-in line moves to the `extends` entry that
    brought it in, with a note naming that line."""
    entry = entries.get(span.file)
    if entry is None:
        return span, None
    where = f"{span.file}:{span.line}" if span.line > 0 else span.file
    return entry, f"set in {where}, brought in by this `extends` entry"


def _location(span: Span) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(span.file, safe="/:")}}
    if span.line > 0:
        region: dict[str, int] = {"startLine": span.line, "startColumn": max(span.column, 1)}
        if span.end_line is not None and span.end_column is not None and span.end_line >= span.line:
            region |= {"endLine": span.end_line, "endColumn": max(span.end_column, 1)}
        physical["region"] = region
    return {"physicalLocation": physical}
