"""The server's state: open buffers, the parse cache, each project's latest analysis, pending re-lints.

An edit schedules a re-lint of its project after a short quiet time (`debounceMs`); a newer edit
cancels the pending one, so superseded work never runs. A request (hover, completion, ...) that
arrives while a re-lint is pending runs it at once, so answers always match the buffer.
"""

import asyncio
import gc
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from lsprotocol import types as lsp

from .analysis import Analysis, analyze, find_root
from .diagnostics import to_lsp
from .overlay import ParseCache
from .settings import Settings

__all__ = ["CONFIG_SUFFIXES", "Session"]

CONFIG_SUFFIXES = (".yaml", ".yml", ".toml")
Publish = Callable[[str, list[lsp.Diagnostic]], None]


class Session:
    """Everything the server knows between messages; ``publish(uri, diagnostics)`` sends findings."""

    def __init__(self, publish: Publish, environ: Mapping[str, str] | None = None) -> None:
        self.publish = publish
        self.environ = os.environ if environ is None else environ
        self.settings = Settings()
        self.buffers: dict[Path, str] = {}
        self.cache = ParseCache()
        self.analyses: dict[Path, Analysis] = {}
        self._published: dict[Path, set[Path]] = {}
        self._pending: dict[Path, asyncio.TimerHandle] = {}
        self._frozen = False
        self._fresh: set[Path] = set()  # projects whose next lint reuses nothing

    # --- which project a file belongs to ---------------------------------------------------------

    def root_of(self, path: Path) -> Path | None:
        """The project directory above ``path``, when ``path`` is a config file."""
        if path.suffix not in CONFIG_SUFFIXES:
            return None
        return find_root(path, self.buffers)

    def analysis_for(self, path: Path) -> Analysis | None:
        """The current analysis of the project ``path`` belongs to (None when it belongs to none)."""
        root = self.root_of(path)
        if root is None:
            return None
        if root in self._pending or root not in self.analyses:
            self.lint_now(root)
        analysis = self.analyses.get(root)
        return analysis if analysis is not None and path in analysis.files else None

    # --- re-linting --------------------------------------------------------------------------------

    def changed(self, path: Path, *, appeared_or_vanished: bool = False) -> None:
        """A buffer or a file on disk changed: re-lint its project (and any project that reads it).

        When a file appeared or vanished (created, deleted, opened, closed), nothing is reused.
        """
        roots = {root for root, analysis in self.analyses.items() if path in analysis.files}
        root = self.root_of(path)
        if root is not None:
            roots.add(root)
        for each in roots:
            if appeared_or_vanished:
                self._fresh.add(each)
            self.schedule(each)

    def schedule(self, root: Path) -> None:
        pending = self._pending.pop(root, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self._pending[root] = loop.call_later(self.settings.debounce_ms / 1000, self.lint_now, root)

    def relint_all(self) -> None:
        """Settings changed: re-lint every project from scratch."""
        for root in list(self.analyses):
            self._fresh.add(root)
            self.schedule(root)

    def lint_now(self, root: Path) -> Analysis | None:
        """Compile and lint the project at ``root`` now, and publish its findings.

        A failure inside the compiler is logged and keeps the last findings: an editor's server
        must outlive any one buffer.
        """
        pending = self._pending.pop(root, None)
        if pending is not None:
            pending.cancel()
        paused = gc.isenabled()
        gc.disable()  # like compile_project: lint allocates many small containers and no cycles
        try:
            previous = None if root in self._fresh else self.analyses.get(root)
            self._fresh.discard(root)
            analysis = analyze(root, self.buffers, self.cache, self.settings, self.environ, previous)
            self.analyses[root] = analysis
            self._publish(analysis)
        except Exception:
            logging.getLogger(__name__).exception("linting %s failed", root)
            return self.analyses.get(root)
        finally:
            if paused:
                gc.enable()
        if not self._frozen:  # the schema, catalog and compiled validators live as long as the server
            gc.freeze()
            self._frozen = True
        return analysis

    def _publish(self, analysis: Analysis) -> None:
        """Findings for every file of the project; files that had findings and have none are cleared."""
        shown = {p for p in (*analysis.files, *analysis.findings) if p.suffix in CONFIG_SUFFIXES}
        stale = self._published.get(analysis.root, set()) - shown
        split: dict[str, tuple[str, list[str]] | None] = {}

        def lines_of(label: str) -> tuple[str, list[str]] | None:
            if label not in split:
                path = analysis.path_of(label)
                text = analysis.text_of(path) if path is not None else None
                split[label] = None if path is None or text is None else (path.as_uri(), text.splitlines())
            return split[label]

        for path in sorted(shown | stale):
            found = lines_of(analysis.label_of(path)) if path in shown else None
            lines = found[1] if found is not None else []
            diagnostics = [
                to_lsp(f, lines, self.settings.docs_url, lines_of) for f in analysis.findings.get(path, ())
            ]
            self.publish(path.as_uri(), diagnostics)
        self._published[analysis.root] = shown
