"""## What it does
Reports a rule id or name that no rule has, in `lint.disable`, `lint.severity` or a
suppression comment.

## Why is this bad?
A misspelt rule id disables or silences nothing while looking like it does.

## Example
```yaml
lint:
  disable: [MC3011]
```

## Use instead
```yaml
lint:
  disable: [MC301]
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC902"
NAME = "unknown-rule"
SUMMARY = "rule id or name that no rule has"
DEFAULT = Severity.WARNING


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    from modelcfg.compiler.lint.registry import known_selector

    lint = ctx.document.lint
    for i, selector in enumerate(lint.disable):
        if not known_selector(selector):
            yield ctx.diagnostic(("lint", "disable", i), f"`{selector}` names no lint rule", hint=_hint())
    for selector in lint.severity:
        if not known_selector(selector):
            yield ctx.diagnostic(
                ("lint", "severity", selector), f"`{selector}` names no lint rule", hint=_hint()
            )


def _hint() -> str:
    return "see `modelcfg lint --list-rules`"
