"""Quick fixes for published findings: apply a did-you-mean, drop an unused suppression, add one."""

import re
from collections.abc import Iterator

from lsprotocol import types as lsp

from modelcfg.compiler.lint.registry import RULES

from .diagnostics import SOURCE
from .ranges import char_column, client_column

__all__ = ["code_actions"]

_DID_YOU_MEAN = re.compile(r"^did you mean ((?:`[^`]+`(?: or |, )?)+)\?")
_CANDIDATE = re.compile(r"`([^`]+)`")
_SUPPRESSION = re.compile(r"(?:^|(?<=\s))#\s*modelcfg:\s*ignore\[([^\]]*)\]")
_NOT_SUPPRESSIBLE = frozenset({"MC901", "MC902"})


def _hint(diagnostic: lsp.Diagnostic) -> str | None:
    data = diagnostic.data
    if isinstance(data, dict) and isinstance(data.get("hint"), str):
        return str(data["hint"])
    _, found, hint = diagnostic.message.partition("\nhint: ")
    return hint if found else None


def _suggestions(diagnostic: lsp.Diagnostic) -> list[str]:
    """Replacements a did-you-mean hint names (a key elsewhere in the tree is not a replacement)."""
    hint = _hint(diagnostic)
    match = _DID_YOU_MEAN.match(hint or "")
    if match is None or "belongs to" in (hint or ""):
        return []
    found = _CANDIDATE.findall(match.group(1))
    return [c for c in found if not (diagnostic.code == "MC101" and "." in c)]


def _fix(
    title: str, uri: str, diagnostic: lsp.Diagnostic, edit: lsp.TextEdit, preferred: bool
) -> lsp.CodeAction:
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=preferred,
        edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
    )


def _line(lines: list[str], row: int) -> str:
    return lines[row] if 0 <= row < len(lines) else ""


def _did_you_mean(uri: str, lines: list[str], d: lsp.Diagnostic) -> Iterator[lsp.CodeAction]:
    line = _line(lines, d.range.start.line)
    start, end = (char_column(line, p.character) for p in (d.range.start, d.range.end))
    written = line[start:end]
    quote = written[0] if written[:1] in ("'", '"') and written.endswith(written[0]) else ""
    for index, candidate in enumerate(_suggestions(d)):
        edit = lsp.TextEdit(d.range, f"{quote}{candidate}{quote}")
        yield _fix(f"Replace with `{candidate}`", uri, d, edit, index == 0)


def _remove_suppression(uri: str, lines: list[str], d: lsp.Diagnostic) -> Iterator[lsp.CodeAction]:
    row = d.range.start.line
    line = _line(lines, row)
    column = char_column(line, d.range.start.character)
    comment = next((m for m in _SUPPRESSION.finditer(line) if m.start(1) <= column <= m.end(1)), None)
    if comment is None:
        return
    names = [n.strip() for n in comment.group(1).split(",")]
    name = line[column : char_column(line, d.range.end.character)]
    kept = [n for n in names if n and n != name]
    if kept:
        start, end = comment.start(1), comment.end(1)
        replacement = ", ".join(kept)
    else:
        start, end = len(line[: comment.start()].rstrip()), comment.end()
        replacement = ""
    span = lsp.Range(
        lsp.Position(row, client_column(line, start)), lsp.Position(row, client_column(line, end))
    )
    yield _fix(f"Remove unused suppression of `{name}`", uri, d, lsp.TextEdit(span, replacement), True)


def _add_suppression(uri: str, lines: list[str], d: lsp.Diagnostic) -> Iterator[lsp.CodeAction]:
    code = str(d.code)
    if code not in RULES or code in _NOT_SUPPRESSIBLE:
        return
    row = d.range.start.line
    line = _line(lines, row)
    existing = next(iter(_SUPPRESSION.finditer(line)), None)
    if existing is not None:
        at = client_column(line, existing.end(1))
        text = f", {code}" if existing.group(1).strip() else code
    else:
        at = client_column(line, len(line.rstrip()))
        text = f"  # modelcfg: ignore[{code}]"
    edit = lsp.TextEdit(lsp.Range(lsp.Position(row, at), lsp.Position(row, at)), text)
    yield _fix(f"Suppress {code} ({RULES[code].NAME}) on this line", uri, d, edit, False)


def code_actions(uri: str, text: str, diagnostics: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    """Fixes for the client's diagnostics in the requested range (only modelcfg's own)."""
    lines = text.splitlines()
    found: list[lsp.CodeAction] = []
    for d in diagnostics:
        if not (d.source or "").startswith(SOURCE):
            continue
        found += _did_you_mean(uri, lines, d)
        if d.code == "MC901":
            found += _remove_suppression(uri, lines, d)
        found += _add_suppression(uri, lines, d)
    return found
