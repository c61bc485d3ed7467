"""One type for everything the user is told about a config: errors, findings, hints."""

from dataclasses import dataclass, field

from modelcfg.schema.classes import Severity

__all__ = ["Diagnostic", "Severity", "Span"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A place in a source file; line and column are 1-based, ends inclusive-exclusive."""

    file: str
    line: int = 0
    column: int = 0
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A code, a severity, a message, where, and what to do."""

    code: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None
    related: tuple[Span, ...] = field(default=())

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.file, self.span.line, self.span.column, self.code, self.message)
