"""Run the rules over compiled projects: compile, check, apply policy and suppressions."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Protocol

from modelcfg.compiler.diagnostic import Diagnostic, Span
from modelcfg.compiler.lint_targets import LintResult, targets

from .context import HasSpan, LintContext, Path
from .policy import Policy
from .registry import ALIASES, RULES
from .rules import unknown_rule, unused_suppression
from .salvage import salvage
from .suppression import Suppression, apply_suppressions, find_suppressions

if TYPE_CHECKING:
    from modelcfg.compiler import Compilation
    from modelcfg.schema import Document


class LayerLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...


class CompilationLike(Protocol):
    """What lint needs from the compiler's `Compilation`."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]: ...
    @property
    def document(self) -> Document | None: ...
    @property
    def tree(self) -> Any: ...
    @property
    def origins(self) -> Mapping[Path, tuple[HasSpan, ...]]: ...
    @property
    def sources(self) -> Mapping[str, str]: ...
    @property
    def layers(self) -> Sequence[LayerLike]: ...
    @property
    def usage_error(self) -> bool: ...


def lint_compilation(
    compilation: CompilationLike,
    policy: Policy | None = None,
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Diagnostic, ...]:
    """Every finding for one compiled project: compile diagnostics, then each enabled rule's.

    ``today`` fixes the date model retirements are judged against (tests pin it); ``environ``
    is what MC417 checks key variables in (default: this process's environment).
    """
    policy = policy or Policy()
    document = compilation.document or (salvage(compilation.tree) if compilation.tree else None)
    findings: list[Diagnostic] = []
    if document is not None:
        policy = policy.with_project(document.lint.disable, document.lint.severity)
        ctx = LintContext(
            document,
            compilation.origins,
            compilation.sources,
            _root_label(compilation),
            compilation.diagnostics,
            today or dt.date.today(),
            os.environ if environ is None else environ,
        )
        for code, rule in RULES.items():
            if policy.enabled(rule):
                severity = policy.severity_of(rule)
                findings += (replace(d, code=code, severity=severity) for d in rule.check(ctx))
    suppressions = [s for label, text in compilation.sources.items() for s in find_suppressions(label, text)]
    kept, unused = apply_suppressions(findings, suppressions, ALIASES)
    if document is not None:  # when no rule could run, no comment can be judged unused
        kept += _suppression_findings(unused, policy)
    # a rule walking several models can meet one line more than once: say it once
    unique = dict.fromkeys((*compilation.diagnostics, *kept))
    return tuple(sorted(unique, key=Diagnostic.sort_key))


def _suppression_findings(unused: Iterable[Suppression], policy: Policy) -> Iterator[Diagnostic]:
    for s in unused:
        named = ALIASES.get(s.rule)
        if named is not None and not policy.enabled(RULES[named]):
            continue  # its rule did not run, so the comment may well be needed
        rule = unused_suppression if named is not None else unknown_rule
        if not policy.enabled(rule):
            continue
        span = Span(s.file, s.line, s.column, s.line, s.column + len(s.rule))
        if rule is unused_suppression:
            message, hint = f"suppression of `{s.rule}` silences nothing on this line", "remove it"
        else:
            message = f"`{s.rule}` names no lint rule (compile errors cannot be suppressed)"
            hint = "see `modelcfg lint --list-rules`"
        yield Diagnostic(rule.CODE, policy.severity_of(rule), message, span, hint)


def _root_label(compilation: CompilationLike) -> str:
    root = next((layer.label for layer in compilation.layers if layer.name == "root"), None)
    return root or next(iter(compilation.sources), "<config>")


def lint_paths(
    paths: Sequence[str],
    *,
    env: str | None = None,
    policy: Policy | None = None,
    environ: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> list[LintResult]:
    """Lint projects, directories of standalone files, or single files, in one process."""
    return [
        lint_target(target, env if takes_env else None, policy, environ, today)[0]
        for target, takes_env in targets(paths)
    ]


def lint_target(
    target: FsPath,
    env: str | None,
    policy: Policy | None = None,
    environ: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> tuple[LintResult, Compilation]:
    """Lint one project or standalone file; also return its compilation (the lint cache's inputs)."""
    from modelcfg.compiler import compile_project

    compilation = compile_project(target, env=env, environ=environ, table=False)
    base = target if target.is_dir() else target.parent
    diagnostics = lint_compilation(compilation, policy, today, environ)
    result = LintResult(
        str(target),
        tuple(_rebase(d, base) for d in diagnostics),
        {_rebase_label(k, base): v for k, v in compilation.sources.items()},
        compilation.usage_error,
    )
    return result, compilation


def _rebase_label(label: str, base: FsPath) -> str:
    """A project-relative label as a path relative to the working directory (built-ins unchanged)."""
    if label.startswith("<") or os.path.isabs(label):
        return label
    return os.path.relpath(base / label)


def _rebase(diagnostic: Diagnostic, base: FsPath) -> Diagnostic:
    def move(span: Span) -> Span:
        return replace(span, file=_rebase_label(span.file, base))

    return replace(diagnostic, span=move(diagnostic.span), related=tuple(move(s) for s in diagnostic.related))
