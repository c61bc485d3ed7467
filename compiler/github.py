"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from collections.abc import Iterable, Mapping

from .diagnostic import Diagnostic, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    """`::error file=F,line=L,col=C,title=MC301::message` (ends as given when known)."""
    props = [f"file={_property(d.span.file)}"]
    if d.span.line > 0:
        props += [f"line={d.span.line}", f"col={max(d.span.column, 1)}"]
        if d.span.end_line is not None and d.span.end_column is not None:
            props += [f"endLine={d.span.end_line}", f"endColumn={d.span.end_column}"]
    props.append(f"title={_property(d.code)}")
    message = d.message if d.hint is None else f"{d.message}\nhint: {d.hint}"
    return f"::{COMMANDS[d.severity]} {','.join(props)}::{_data(message)}"


def render_github(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], color: bool = False) -> str:
    """One workflow command line per finding."""
    return "".join(annotation(d) + "\n" for d in diagnostics)
