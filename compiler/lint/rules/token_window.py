"""## What it does
Compares each model's token window with the catalog: `max_input_tokens` above the model's
context window, or `max_output_tokens` above its output limit. A provider-wide limit is checked
against every model it applies to.

## Why is this bad?
The API refuses a request asking for more output tokens than the model can produce, and a
context budget above the window lets prompts through that the provider will reject.
`claude-3-opus-20240229` gives at most 4096 output tokens; asking for 8192 fails every call.

## Example
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    max_output_tokens: 100000
    models:
      small: claude-haiku-4-5      # gives at most 64000
      large: claude-opus-4-6
```

## Use instead
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    max_output_tokens: 100000
    models:
      small: {id: claude-haiku-4-5, max_output_tokens: 64000}
      large: claude-opus-4-6
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC304"
NAME = "token-window-too-large"
SUMMARY = "token window beyond the model's catalog limits"
DEFAULT = Severity.ERROR

_WHAT = {"max_input_tokens": "context window", "max_output_tokens": "output limit"}


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        info = ctx.model_info(ref)
        if info is None:
            continue
        for key, what in _WHAT.items():
            located = ctx.window(ref, key)
            limit = getattr(info, key)
            if located is None or limit is None or located.value <= limit:
                continue
            own = located.path[:-1] == ref.path
            yield ctx.diagnostic(
                located.path,
                f"{key} {located.value} exceeds the {what} of `{ref.spec.id}` ({limit}) for {ref.label}",
                hint=f"lower it to {limit}"
                if own
                else f"set `models.{ref.model_class.value}.{key}: {limit}` (object form) or lower this value",
            )
