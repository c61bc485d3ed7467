"""## What it does
Flags a model the catalog marks as retired, or whose shutdown date has passed, naming its
successor when the catalog knows one.

## Why is this bad?
Requests to a retired model fail with 404 or 410: the class it serves is down.

## Example
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models:
      medium: claude-3-5-sonnet-20241022
```

## Use instead
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models:
      medium: claude-sonnet-4-6
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC302"
NAME = "retired-model"
SUMMARY = "model has been retired by its provider"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        info = ctx.model_info(ref)
        if info is None or not info.is_retired(ctx.today):
            continue
        since = f" on {info.deprecation_date.isoformat()}" if info.deprecation_date else ""
        listing = f"modelcfg catalog list --provider {info.namespace} --mode {info.mode}"
        yield ctx.diagnostic(
            ref.id_path,
            f"model `{ref.spec.id}` for {ref.label} was retired{since}",
            hint=f"use its successor `{info.successor}`"
            if info.successor
            else f"pick a current one: `{listing}`",
        )
