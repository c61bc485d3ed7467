"""compile_project: layers → merge → templates → validation → table, in one pass."""

import gc
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from modelcfg.schema import Document

from .diagnostic import Diagnostic, Severity, Span
from .layers import ROOT_FILES, FileReader, Layer, Reader, resolve_layers
from .merge import Origin, Origins, fold
from .source import Path
from .table import build_table
from .template import render_tree
from .validate import find_literal_secrets, validate_tree
from .validity import check_validity

__all__ = ["SECRET_CODES", "USAGE_CODES", "Compilation", "compile_project"]

#: Diagnostics that mean the command was called wrongly (exit 2), not that the config is invalid.
USAGE_CODES = frozenset({"MC014", "MC015", "MC016"})
#: Diagnostics that mean a secret is in the config: a literal key (MC202) or a rendered one (MC107).
SECRET_CODES = frozenset({"MC202", "MC107"})


@dataclass(frozen=True)
class Compilation:
    """Everything one compile produced; `table` is set only when `ok`."""

    ok: bool
    diagnostics: tuple[Diagnostic, ...]
    document: Document | None = None
    tree: dict[str, Any] = field(default_factory=dict)
    origins: Mapping[Path, tuple[Origin, ...]] = field(default_factory=dict)
    table: dict[str, Any] | None = None
    layers: tuple[Layer, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    environment: str | None = None

    @property
    def usage_error(self) -> bool:
        """True when a diagnostic is about how modelcfg was called (exit code 2)."""
        return any(d.code in USAGE_CODES for d in self.diagnostics)

    @property
    def holds_secret(self) -> bool:
        """True when the config holds a secret: nothing may show its values (explain refuses)."""
        return any(d.code in SECRET_CODES for d in self.diagnostics)

    def span(self, path: Path, *, key: bool = False) -> Span:
        """Where the effective value at ``path`` was written."""
        if isinstance(self.origins, Origins):
            return self.origins.span(path, key=key)
        found = self.origins.get(path)
        return found[-1].span if found else Span("<unknown>", 0, 0)


def _project(root: str | FsPath, reader: Reader | None) -> tuple[Reader, str] | Diagnostic:
    """The reader and root file label for a project directory or a single config file."""
    path = FsPath(root)
    if reader is None:
        if path.is_file():
            return FileReader(path.parent), path.name
        if not path.is_dir():
            return _usage(str(root), f"`{root}` is neither a project directory nor a config file")
        reader = FileReader(path)
    elif path.suffix in (".yaml", ".yml", ".toml") and reader.exists(path.name):
        return reader, path.name
    found = [name for name in ROOT_FILES if reader.exists(name)]
    if not found:
        return _usage(
            str(root), f"no {' or '.join(ROOT_FILES)} in `{root}`", "run `modelcfg init` to create one"
        )
    if len(found) > 1:
        return _usage(str(root), f"`{root}` has both {found[0]} and {found[1]}", "keep one root file")
    return reader, found[0]


def _usage(label: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic("MC015", Severity.ERROR, message, Span(label, 0, 0), hint)


def _sorted(diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(dict.fromkeys(diagnostics), key=Diagnostic.sort_key))


def compile_project(
    root: str | FsPath,
    *,
    env: str | None = None,
    sets: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    reader: Reader | None = None,
    table: bool = True,
) -> Compilation:
    """Compile a project directory (or one config file) into a validated Document and table.

    ``table=False`` stops after validation (lint and explain need no table; `table` stays None).
    """
    environ = os.environ if environ is None else environ
    paused = gc.isenabled()
    gc.disable()  # the pipeline allocates many small containers and no cycles; full GCs made it superlinear
    try:
        return _compile(root, env, sets, environ, reader, table)
    finally:
        if paused:
            gc.enable()


def _compile(
    root: str | FsPath,
    env: str | None,
    sets: Sequence[str],
    environ: Mapping[str, str],
    reader: Reader | None,
    with_table: bool,
) -> Compilation:
    found = _project(root, reader)
    if isinstance(found, Diagnostic):
        return Compilation(False, (found,), environment=env)
    reader, root_file = found
    resolved = resolve_layers(reader, root_file, env=env, environ=environ, sets=sets)
    layers = resolved.layers
    sources = {**resolved.broken, **{layer.label: layer.text for layer in layers}}
    if resolved.diagnostics:
        return Compilation(
            False, _sorted(resolved.diagnostics), layers=layers, sources=sources, environment=env
        )
    merged = fold(layers)
    origins = Origins(merged, layers)

    def span_of(path: Path, key: bool = False) -> Span:
        return origins.span(path, key=key)

    diagnostics: list[Diagnostic] = list(merged.diagnostics)
    tree, template_errors = render_tree(merged.tree, environ, span_of)
    diagnostics.extend(template_errors)
    document, errors = validate_tree(tree, span_of, origins.related)
    diagnostics.extend(errors)
    flagged = {d.span for d in diagnostics if d.code == "MC202"}
    diagnostics.extend(find_literal_secrets(merged.tree, span_of, flagged))
    if document is not None:
        diagnostics.extend(check_validity(document, tree, span_of))
    ok = document is not None and not any(d.severity is Severity.ERROR for d in diagnostics)
    table = build_table(document, tree, layers, env) if with_table and ok and document is not None else None
    return Compilation(
        ok=ok,
        diagnostics=_sorted(diagnostics),
        document=document,
        tree=tree,
        origins=origins,
        table=table,
        layers=layers,
        sources=sources,
        environment=env,
    )
