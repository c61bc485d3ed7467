"""Go to definition: a setting → where its winning value was written; an `extends` entry → its file."""

import posixpath
from pathlib import Path as FsPath

from lsprotocol import types as lsp

from modelcfg.compiler import Span
from modelcfg.compiler.source import Path
from modelcfg.profiles import builtin_path

from .analysis import Analysis
from .ranges import span_range

__all__ = ["builtin_file", "definition", "extends_target"]

_BUILTIN = "<builtin>/"
_KINDS = {"presets": "preset", "profiles": "profile"}
_START = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))


def builtin_file(label: str) -> FsPath | None:
    """The installed file behind `<builtin>/presets/NAME.yaml` (None for any other label)."""
    if not label.startswith(_BUILTIN):
        return None
    folder, _, name = label[len(_BUILTIN) :].partition("/")
    kind = _KINDS.get(folder)
    try:
        return builtin_path(kind, name.rsplit(".", 1)[0]) if kind else None  # type: ignore[arg-type]
    except KeyError:
        return None


def extends_target(analysis: Analysis, label: str, entry: str) -> FsPath | None:
    """The file an `extends` entry written in ``label`` names, if it exists."""
    kind, sep, name = entry.partition(":")
    if sep and kind in ("preset", "profile"):
        try:
            return builtin_path(kind, name)  # type: ignore[arg-type]
        except KeyError:
            return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(label), entry))
    target = (analysis.root / joined).resolve()
    return target if target.is_relative_to(analysis.root.resolve()) and target.is_file() else None


def _location(analysis: Analysis, span: Span) -> lsp.Location | None:
    builtin = builtin_file(span.file)
    path = builtin or analysis.path_of(span.file)
    if path is None:
        return None
    text = analysis.text_of(path) if builtin is None else builtin.read_text("utf-8")
    return lsp.Location(path.as_uri(), span_range(span, (text or "").splitlines()))


def definition(
    analysis: Analysis, label: str, path: Path, value: object, env: str | None
) -> lsp.Location | None:
    """Where to jump from ``path`` (its written ``value``) in file ``label``, judged in ``env``."""
    if path[:1] == ("extends",) and isinstance(value, str):
        target = extends_target(analysis, label, value)
        return lsp.Location(target.as_uri(), _START) if target is not None else None
    compilation = analysis.compilations.get(env) or analysis.compilations[None]
    origins = compilation.origins.get(path)
    if not origins:
        return None
    return _location(analysis, origins[-1].span)
