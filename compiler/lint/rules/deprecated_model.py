"""## What it does
Flags a model its provider has scheduled for shutdown within the next 180 days, with the
days left, naming a live successor of the same family when there is one. (Once the date
has passed, the model is retired: MC302.)

## Why is this bad?
On the shutdown date every request to the model fails; moving before that day is cheaper than
moving during an outage.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models:
      large: gpt-4o          # shuts down 2027-01-14
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models:
      large: gpt-5.4
```
"""

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC303"
NAME = "deprecated-model"
SUMMARY = "model is scheduled for shutdown soon"
DEFAULT = Severity.WARNING

NOTICE = dt.timedelta(days=180)


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    today = ctx.today
    for ref in ctx.model_refs:
        info = ctx.model_info(ref)
        if info is None or info.is_retired(today) or info.deprecation_date is None:
            continue
        left = info.deprecation_date - today
        if left > NOTICE:
            continue
        successor = ctx.catalog.successor(info, today)
        days = "1 day" if left.days == 1 else f"{left.days} days"
        yield ctx.diagnostic(
            ref.id_path,
            f"model `{ref.spec.id}` for {ref.label} shuts down on {info.deprecation_date.isoformat()} "
            f"({days} left)",
            hint=f"move to `{successor.id}`" if successor is not None else "move to a current model",
        )
