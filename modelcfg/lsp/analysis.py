"""One project as the editor sees it: compiled and linted in every environment it declares.

`modelcfg lint PROJECT` judges the base layers; an overlay is only read under `--env NAME`.
So the server compiles the project once without an environment and once per declared one,
and a finding is reported once, tagged with the first environment that produced it.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcfg.compiler import Compilation, Diagnostic, compile_project
from modelcfg.compiler.layers import ROOT_FILES
from modelcfg.compiler.lint import Policy
from modelcfg.compiler.lint.runner import lint_compilation

from .overlay import OverlayReader, ParseCache
from .settings import Settings

__all__ = ["Analysis", "Finding", "analyze", "find_root"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A lint finding or compile error, and the environment whose compile produced it (None: base)."""

    diagnostic: Diagnostic
    environment: str | None


@dataclass(frozen=True)
class Analysis:
    """Compilations by environment, findings by file, and which files make up the project."""

    root: Path
    compilations: Mapping[str | None, Compilation]
    findings: Mapping[Path, tuple[Finding, ...]] = field(default_factory=dict)
    files: frozenset[Path] = frozenset()
    #: every environment's findings as `lint_compilation` returned them (reused while inputs hold)
    linted: Mapping[str | None, tuple[Diagnostic, ...]] = field(default_factory=dict)
    today: dt.date | None = None

    @property
    def environments(self) -> tuple[str, ...]:
        return tuple(env for env in self.compilations if env is not None)

    def path_of(self, label: str) -> Path | None:
        """The file a project-relative label names (None for built-ins, `<environment>`, `<--set>`)."""
        return None if label.startswith("<") else self.root / label

    def label_of(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def environment_of(self, label: str) -> str | None:
        """The environment whose overlay ``label`` is (None for the base layers)."""
        for env in self.environments:
            if any(
                layer.name == f"env:{env}" and layer.label == label for layer in self.compilations[env].layers
            ):
                return env
        return None

    def text_of(self, path: Path) -> str | None:
        """The text the compiler read for ``path`` (a buffer or the disk)."""
        label = self.label_of(path)
        return next((c.sources[label] for c in self.compilations.values() if label in c.sources), None)


def find_root(path: Path, buffers: Mapping[Path, str]) -> Path | None:
    """The nearest directory at or above ``path``'s that holds a root file (open or on disk)."""
    for folder in path.parents:
        if any((folder / name) in buffers or (folder / name).is_file() for name in ROOT_FILES):
            return folder
    return None


def _declared_environments(compilation: Compilation) -> list[str]:
    """Environment names under the highest layer's `environments` (what `--env` accepts)."""
    for layer in reversed(compilation.layers):
        tree: Any = layer.tree
        if isinstance(tree, dict) and isinstance(tree.get("environments"), dict):
            return [str(name) for name in tree["environments"]]
    return []


def _unchanged(root: Path, compilation: Compilation, buffers: Mapping[Path, str]) -> bool:
    """True when every project file ``compilation`` read still holds the text it read."""
    for label, text in compilation.sources.items():
        if label.startswith("<"):
            continue  # built-ins ship with the package; the environment is fixed for the server's life
        path = root / label
        current = buffers.get(path)
        if current is None:
            try:
                current = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
            except OSError:
                return False
        if current != text:
            return False
    return True


def analyze(
    root: Path,
    buffers: Mapping[Path, str],
    cache: ParseCache,
    settings: Settings,
    environ: Mapping[str, str],
    previous: Analysis | None = None,
) -> Analysis:
    """Compile and lint the project at ``root`` in its base layers and each declared environment.

    An environment whose files all hold the text ``previous`` compiled is not compiled again
    (the caller drops ``previous`` when files appear or vanish, or settings change).
    """
    policy = Policy(settings.select, settings.ignore)
    today = dt.date.today()

    def run(env: str | None) -> tuple[Compilation, tuple[Diagnostic, ...]]:
        if previous is not None and previous.today == today and env in previous.compilations:
            before = previous.compilations[env]
            if _unchanged(root, before, buffers):
                return before, previous.linted[env]
        reader = OverlayReader(root, buffers, cache)
        compilation = compile_project(root, env=env, environ=environ, reader=reader, table=False)
        return compilation, lint_compilation(compilation, policy, today)

    compilations: dict[str | None, Compilation] = {}
    linted: dict[str | None, tuple[Diagnostic, ...]] = {}
    compilations[None], linted[None] = run(None)
    for declared in _declared_environments(compilations[None]):
        compilations[declared], linted[declared] = run(declared)
    findings: dict[Path, dict[tuple[Any, ...], Finding]] = {}
    files: set[Path] = set()
    for env, compilation in compilations.items():
        files.update(root / label for label in compilation.sources if not label.startswith("<"))
        for diagnostic in linted[env]:
            if diagnostic.span.file.startswith("<"):
                continue  # built-ins, environment variables: no file the editor can show
            key = (diagnostic.code, diagnostic.span, diagnostic.message)
            per_file = findings.setdefault(root / diagnostic.span.file, {})
            per_file.setdefault(key, Finding(diagnostic, env))
    return Analysis(
        root,
        compilations,
        {path: tuple(found.values()) for path, found in findings.items()},
        frozenset(files),
        linted,
        today,
    )
