"""What an importer produces: a modelcfg document, the findings about its input, the keys to set.

Importers never copy a literal API key: they write the variable's NAME and record a
`SecretToSet` (masked) so the CLI can say which variable to set.
"""

import difflib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcfg.schema.emit import SCHEMA_ID, document_schema, dumps
from modelcfg.schema.secrets import find_secret, mask, mask_secrets
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from ..atomic import write_atomic
from ..diagnostic import Diagnostic, Severity, Span
from ..layers import ROOT_FILES
from ..load import MAX_BYTES
from ..regular_file import FileTooLarge, NotRegularFile, read_regular

#: Diagnostic codes of the importers.
NO_COUNTERPART = "MC601"  # an input key modelcfg has no place for (with the reason)
LITERAL_KEY = "MC602"  # a literal API key: replaced by an env-var reference
BAD_VALUE = "MC603"  # a value of the wrong type or an unknown reference
UNREADABLE = "MC604"  # file missing, not UTF-8, not YAML/JSON
GUESSED = "MC606"  # imported by a stated assumption (class picked for a model group)

EDITOR_HINT = f"# yaml-language-server: $schema={SCHEMA_ID}\n"
#: Where a written project keeps its editor schema (the same place `modelcfg init` uses).
SCHEMA_COPY = ".modelcfg/modelcfg.schema.json"


@dataclass(frozen=True, slots=True)
class SecretToSet:
    """A literal key found in the input: the variable to put it in, and where it was."""

    variable: str
    masked: str
    span: Span


@dataclass(slots=True)
class ImportResult:
    """The imported document (plain data, modelcfg schema) and everything said about the input."""

    document: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    secrets: list[SecretToSet] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # input texts read, for rendering findings

    def report(
        self, code: str, severity: Severity, message: str, span: Span, hint: str | None = None
    ) -> None:
        """Record a finding; a key quoted from the input (in a group name, say) is masked."""
        shown = masked(hint) if hint is not None else None
        self.diagnostics.append(
            Diagnostic(code=code, severity=severity, message=masked(message), span=span, hint=shown)
        )

    def dropped(
        self,
        key: str,
        reason: str,
        span: Span,
        known: Iterable[str] = (),
        severity: Severity = Severity.WARNING,
    ) -> None:
        """Report a key with no counterpart, with a did-you-mean against the keys we understand."""
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.8)
        hint = f"did you mean `{close[0]}`?" if close else None
        if close and severity == Severity.INFO:
            severity = Severity.WARNING  # a near miss of a known key is most likely a typo
        self.report(NO_COUNTERPART, severity, f"`{key}` not imported: {reason}", span, hint)

    def literal_key(self, value: str, variable: str, span: Span) -> None:
        shown = mask(find_secret(value) or value)
        self.secrets.append(SecretToSet(variable, shown, span))
        self.report(
            LITERAL_KEY,
            Severity.WARNING,
            f"literal API key {shown} not copied: the project reads it from ${variable}",
            span,
            f"export {variable}=<your key> before running modelcfg",
        )

    def withhold_secrets(self) -> None:
        """The last line of defence: a literal key anywhere in the document (a model id, a URL
        path, a stop string, a task name) is dropped and reported where the input holds it."""
        self.document = self._without_secrets(self.document, ())

    def _without_secrets(self, node: Any, path: tuple[str, ...]) -> Any:
        if isinstance(node, Mapping):
            kept = {}
            for key, value in node.items():
                found = find_secret(str(key)) or (find_secret(value) if isinstance(value, str) else None)
                if found:
                    self._withheld(found, (*path, "<key>" if find_secret(str(key)) else str(key)))
                else:
                    kept[key] = self._without_secrets(value, (*path, str(key)))
            return kept
        if isinstance(node, list):
            items = []
            for index, value in enumerate(node):
                found = find_secret(value) if isinstance(value, str) else None
                if found:
                    self._withheld(found, (*path, str(index)))
                else:
                    items.append(self._without_secrets(value, (*path, str(index))))
            return items
        return node

    def _withheld(self, secret: str, path: tuple[str, ...]) -> None:
        self.report(
            LITERAL_KEY,
            Severity.WARNING,
            f"literal API key {mask(secret)} not written to `{'.'.join(path)}`: a key never goes "
            "into a project",
            self._where(secret),
            "remove the key from the input; put it in an environment variable",
        )

    def _where(self, secret: str) -> Span:
        """The first place an input's text holds ``secret`` (the file, when only an escape does)."""
        for label, text in self.sources.items():
            at = text.find(secret)
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                return Span(label, line, at - (text.rfind("\n", 0, at) + 1) + 1)
        return Span(next(iter(self.sources), ""))

    def sorted_diagnostics(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=Diagnostic.sort_key)


def masked(text: str) -> str:
    """``text`` with every literal key in it masked (`sk-proj-…1234`)."""
    return mask_secrets(text)


def read_input(path: Path, result: ImportResult) -> str | None:
    """An input file's UTF-8 text; None after reporting why it cannot be read.

    Only regular files up to the compiler's size limit are read: a FIFO would block forever
    and a huge file would take minutes and gigabytes.
    """
    label = str(path)
    if label in result.sources:
        return result.sources[label]
    if any(d.code == UNREADABLE and d.span.file == label for d in result.diagnostics):
        return None  # already reported
    try:
        data = read_regular(path, MAX_BYTES)
        text = data.decode("utf-8")
    except FileNotFoundError:
        result.report(UNREADABLE, Severity.ERROR, "file not found", Span(label), "check the path")
        return None
    except NotRegularFile:
        result.report(
            UNREADABLE,
            Severity.ERROR,
            "not a regular file (a FIFO, device or directory)",
            Span(label),
            "give the path of a config file",
        )
        return None
    except FileTooLarge as exc:
        result.report(
            UNREADABLE,
            Severity.ERROR,
            f"file is {exc.size // 1024} KiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit",
            Span(label),
        )
        return None
    except OSError as exc:
        result.report(UNREADABLE, Severity.ERROR, f"cannot read file: {exc.strerror}", Span(label))
        return None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        result.report(
            UNREADABLE, Severity.ERROR, "file is not UTF-8", Span(label, line, 1), "save it as UTF-8"
        )
        return None
    result.sources[label] = text.removeprefix("\ufeff")
    return result.sources[label]


def load_positioned(path: Path, result: ImportResult) -> Any:
    """Parse YAML or JSON keeping line:col (ruamel round-trip); None after reporting a failure."""
    label = str(path)
    text = read_input(path, result)
    if text is None:
        return None
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text.replace("\t", "  ")) if path.suffix == ".json" else yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span(label, mark.line + 1, mark.column + 1) if mark else Span(label)
        result.report(UNREADABLE, Severity.ERROR, f"not valid YAML/JSON: {exc.problem or exc.context}", span)
        return None


def key_span(node: Any, key: str | int, label: str) -> Span:
    """Where ``key`` of a ruamel mapping (or index of a sequence) is, 1-based."""
    try:
        if isinstance(node, CommentedMap):
            line, col = node.lc.key(key)
        elif isinstance(node, CommentedSeq):
            line, col = node.lc.item(key)
        else:
            return Span(label)
    except (KeyError, IndexError, TypeError):
        return Span(label)
    return Span(label, line + 1, col + 1)


def value_span(node: Any, key: str, label: str) -> Span:
    """Where the value of ``key`` of a ruamel mapping starts, 1-based."""
    try:
        line, col = node.lc.value(key)
    except (AttributeError, KeyError, TypeError):
        return key_span(node, key, label)
    return Span(label, line + 1, col + 1)


def plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists."""
    if isinstance(node, Mapping):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def dump_project(document: Mapping[str, Any], hint: str = EDITOR_HINT) -> str:
    """The document as modelcfg.yaml text, with the editor hint on top."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 110
    buffer = io.StringIO()
    yaml.dump(_flow_lists(document), buffer)
    return hint + buffer.getvalue()


def _flow_lists(node: Any) -> Any:
    """Short lists of scalars read best inline (`stop: ["<|eot_id|>"]`)."""
    if isinstance(node, Mapping):
        out = CommentedMap()
        for k, v in node.items():
            out[k] = _flow_lists(v)
        return out
    if isinstance(node, list):
        seq = CommentedSeq(_flow_lists(v) for v in node)
        if all(not isinstance(v, Mapping | list) for v in node):
            seq.fa.set_flow_style()
        return seq
    return node


def existing_project(out_dir: Path) -> Path | None:
    """The project root file already in ``out_dir``, which an import must not overwrite unasked."""
    for name in ROOT_FILES:
        if (out_dir / name).exists():
            return out_dir / name
    return None


def write_project(result: ImportResult, out_dir: Path) -> Path:
    """Write modelcfg.yaml and its editor schema into ``out_dir`` atomically; return the yaml's path."""
    write_atomic(out_dir / SCHEMA_COPY, dumps(document_schema()))
    target = out_dir / "modelcfg.yaml"
    hint = f"# yaml-language-server: $schema={SCHEMA_COPY}\n"
    write_atomic(target, dump_project(result.document, hint))
    return target
