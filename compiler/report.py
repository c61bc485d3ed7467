"""Render diagnostics for people and machines: `text` (source line and caret), `concise`, `json`,
`sarif` (SARIF 2.1.0, compiler/sarif.py) and `github` (Actions annotations, compiler/github.py).

Every command that talks about a config renders through `render`, so formats never
drift and every message, hint and source line passes `mask_secrets` on its way out.
`REPORTERS` supplies the `--format` choices.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from modelcfg.schema.secrets import mask_secrets

from .diagnostic import Diagnostic, Severity

__all__ = ["REPORTERS", "render", "summary"]

Reporter = Callable[[Sequence[Diagnostic], Mapping[str, str], bool], str]

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _headline(d: Diagnostic, color: bool) -> str:
    severity = _paint(f"{d.severity.value}[{d.code}]", "1;" + _COLORS[d.severity], color)
    return f"{_paint(str(d.span), '1', color)}: {severity}: {d.message}"


def masked(text: str) -> str:
    """``text`` with every literal API key masked (`sk-ant-…3f9a`), escaped spellings included."""
    return mask_secrets(text)


def _masked_diagnostic(d: Diagnostic) -> Diagnostic:
    """``d`` with its message and hint masked: both may quote a key the user wrote."""
    message, hint = mask_secrets(d.message), None if d.hint is None else mask_secrets(d.hint)
    if message == d.message and hint == d.hint:
        return d
    return replace(d, message=message, hint=hint)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """`Found 2 errors and 1 warning.` (empty when there is nothing to report)."""
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    parts = [f"{n} {s.value}{'' if n == 1 else 's'}" for s, n in counts.items() if n]
    return f"Found {' and '.join(parts)}." if parts else ""


def _source_lines(d: Diagnostic, sources: Mapping[str, str], color: bool) -> list[str]:
    text = sources.get(d.span.file)
    if text is None or d.span.line <= 0:
        return []
    lines = text.splitlines()
    if d.span.line > len(lines):
        return []
    line = masked(lines[d.span.line - 1].expandtabs(1))
    start = max(d.span.column, 1)
    if d.span.end_line == d.span.line and d.span.end_column and d.span.end_column > start:
        width = d.span.end_column - start
    else:
        width = max(1, len(line.rstrip()) - start + 1)
    gutter = " " * len(str(d.span.line))
    bar = _paint("|", "34", color)
    width = min(width, max(1, len(line.rstrip()) - start + 1), 200)  # a masked key is shorter
    caret = _paint("^" * width, "1;" + _COLORS[d.severity], color)
    return [
        f"{gutter} {bar}",
        f"{_paint(str(d.span.line), '34', color)} {bar} {line}",
        f"{gutter} {bar} {' ' * (start - 1)}{caret}",
    ]


def _full(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], color: bool) -> str:
    blocks = []
    for d in diagnostics:
        block = [_headline(d, color), *_source_lines(d, sources, color)]
        gutter = " " * (len(str(d.span.line)) if d.span.line > 0 else 1)
        block.extend(f"{gutter} = note: also set at {span}" for span in d.related)
        if d.hint:
            block.append(f"{gutter} = help: {d.hint}")
        blocks.append("\n".join(block))
    tail = summary(diagnostics)
    return "\n\n".join(blocks) + ("\n\n" + tail + "\n" if tail else "")


def _concise(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], color: bool) -> str:
    lines = [_headline(d, color) + (f" ({d.hint})" if d.hint else "") for d in diagnostics]
    tail = summary(diagnostics)
    return "".join(line + "\n" for line in lines) + (tail + "\n" if tail else "")


def as_dict(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as plain data (the `json` format's element)."""
    return {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "file": d.span.file,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "hint": d.hint,
        "related": [{"file": s.file, "line": s.line, "column": s.column} for s in d.related],
    }


def _json(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], color: bool) -> str:
    return json.dumps([as_dict(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def _sarif(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], color: bool) -> str:
    from .sarif import render_sarif  # rule descriptions come from the lint rules: load them only here

    return render_sarif(diagnostics, sources, color)


def _github(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], color: bool) -> str:
    from .github import render_github

    return render_github(diagnostics, sources, color)


REPORTERS: dict[str, Reporter] = {
    "text": _full,
    "concise": _concise,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
}


def render(
    diagnostics: Sequence[Diagnostic], fmt: str, sources: Mapping[str, str], color: bool = False
) -> str:
    """Diagnostics as text in format ``fmt`` (a key of REPORTERS), every key in them masked."""
    return REPORTERS[fmt]([_masked_diagnostic(d) for d in diagnostics], sources, color)
