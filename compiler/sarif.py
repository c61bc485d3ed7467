"""SARIF 2.1.0 output, for GitHub code scanning and other static-analysis dashboards.

Rule metadata (short and full descriptions, help) comes from the lint rules' docstrings.
"""

import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from .diagnostic import Diagnostic, Severity, Span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], color: bool = False) -> str:
    """One SARIF log with one run; every lint rule is described, plus each compile code seen."""
    from modelcfg import __version__

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
                "results": [_result(d, index[d.code]) for d in findings],
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


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    text = d.message if d.hint is None else f"{d.message}\nhint: {d.hint}"
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": text},
        "locations": [_location(d.span)],
    }
    if d.related:
        result["relatedLocations"] = [
            {**_location(s), "id": i, "message": {"text": "also set here"}} for i, s in enumerate(d.related)
        ]
    return result


def _location(span: Span) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(span.file, safe="/:")}}
    if span.line > 0:
        region: dict[str, int] = {"startLine": span.line, "startColumn": max(span.column, 1)}
        if span.end_line is not None and span.end_column is not None and span.end_line >= span.line:
            region |= {"endLine": span.end_line, "endColumn": max(span.end_column, 1)}
        physical["region"] = region
    return {"physicalLocation": physical}
