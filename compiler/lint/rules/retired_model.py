"""## What it does
Flags a model that dropped out of LiteLLM's releases (dated by the first release it was
missing from), or whose shutdown date has passed (and how long ago), naming a live
successor of the same family when there is one. A fine-tuned id shares its base's fate.

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

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext
    from modelcfg.profiles.catalog import ModelInfo

CODE = "MC302"
NAME = "retired-model"
SUMMARY = "model has been retired by its provider"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        info = ctx.model_info(ref)
        if info is None or not info.is_retired(ctx.today):
            continue
        successor = ctx.catalog.successor(info, ctx.today)
        listing = f"modelcfg catalog list --provider {info.namespace} --mode {info.mode} --current"
        tuned = f" (fine-tuned from `{info.fine_tuned_from}`)" if info.fine_tuned_from else ""
        yield ctx.diagnostic(
            ref.id_path,
            f"model `{ref.spec.id}`{tuned} for {ref.label} {when_retired(info, ctx.today)}",
            hint=f"move to `{successor.id}`, the newest live model of its family"
            if successor is not None
            else f"pick a current one: `{listing}`",
        )


def when_retired(info: "ModelInfo", today: dt.date) -> str:
    """`was shut down on D (N days ago)` or `was retired: missing from LiteLLM R since D`."""
    if info.deprecation_date is not None and info.deprecation_date <= today:
        days = (today - info.deprecation_date).days
        return f"was shut down on {info.deprecation_date.isoformat()} ({days} days ago)"
    if info.retired_in is not None:
        return f"was retired: missing from LiteLLM's releases since {info.retired_in}"
    return "was retired"
