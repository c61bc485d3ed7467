"""Findings as LSP diagnostics: the ranges `modelcfg lint` underlines, codes linking to their docs."""

from collections.abc import Callable

from lsprotocol import types as lsp

from modelcfg.compiler import Severity
from modelcfg.compiler.lint.registry import RULES
from modelcfg.schema.secrets import mask_secrets

from .analysis import Finding
from .ranges import span_range

__all__ = ["SOURCE", "doc_url", "to_lsp"]

SOURCE = "modelcfg"
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def doc_url(code: str, docs_url: str) -> str:
    """The page that documents ``code``: a lint rule's section, or the compiler's table of errors."""
    rule = RULES.get(code)
    if rule is not None:
        return f"{docs_url}lint-rules.md#{code.lower()}-{rule.NAME}"
    return f"{docs_url}compiler.md#errors"


def to_lsp(
    finding: Finding, lines: list[str], docs_url: str, lines_of: Callable[[str], tuple[str, list[str]] | None]
) -> lsp.Diagnostic:
    """One finding in a file of ``lines``; ``lines_of(label)`` gives (uri, lines) of related files."""
    d = finding.diagnostic
    message = mask_secrets(d.message)
    if d.hint:
        message += f"\nhint: {mask_secrets(d.hint)}"
    related = []
    for span in d.related:
        found = lines_of(span.file)
        if found is not None:
            uri, other = found
            note = lsp.DiagnosticRelatedInformation(
                lsp.Location(uri, span_range(span, other)), "also set here (a lower layer)"
            )
            related.append(note)
    return lsp.Diagnostic(
        range=span_range(d.span, lines),
        message=message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=lsp.CodeDescription(href=doc_url(d.code, docs_url)),
        source=SOURCE if finding.environment is None else f"{SOURCE} --env {finding.environment}",
        related_information=related or None,
        data={"hint": mask_secrets(d.hint) if d.hint else None},
    )
