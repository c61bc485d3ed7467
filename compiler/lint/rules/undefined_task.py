"""## What it does
Flags a selection rule whose `when.task` names a task that `selection.tasks` does not define.
(Unknown providers and profiles are the compiler's MC405 and MC406.)

## Why is this bad?
No request can ever ask for a task that does not exist, so the rule never matches: requests
meant for it silently take the default class instead.

## Example
```yaml
selection:
  tasks:
    summarize: {class: medium}
  rules:
    - when: {task: sumarize}
      class: small
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4}
```

## Use instead
```yaml
selection:
  tasks:
    summarize: {class: medium}
  rules:
    - when: {task: summarize}
      class: small
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4}
```
"""

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC415"
NAME = "undefined-task"
SUMMARY = "selection rule names a task that is not defined"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    tasks = list(ctx.document.selection.tasks)
    for i, rule in enumerate(ctx.document.selection.rules):
        name = rule.when.task
        if name is None or name in tasks:
            continue
        close = difflib.get_close_matches(name, tasks, n=1)
        yield ctx.diagnostic(
            ("selection", "rules", i, "when", "task"),
            f"task `{name}` is not defined, so selection rule {i + 1} never matches",
            hint=f"did you mean `{close[0]}`?" if close else "define it under `selection.tasks`",
        )
