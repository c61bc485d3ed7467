"""## What it does
Flags a failover entry whose context window is smaller than the primary's.

## Why is this bad?
The requests that fail over are often the long ones; a fallback with a smaller window refuses
exactly those, so the chain fails when it is needed most.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}   # 1050000 tokens
  groq:
    endpoint: https://api.groq.com/openai/v1
    models: {large: openai/gpt-oss-120b}                              # 131072 tokens
failover:
  chains:
    openai/large: [groq/large]
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models:
      small: gpt-5.4-mini
      medium: gpt-5.4
      large: {id: gpt-5.4, max_input_tokens: 131072}   # what every entry of the chain takes
  groq:
    endpoint: https://api.groq.com/openai/v1
    models: {large: openai/gpt-oss-120b}
failover:
  chains:
    openai/large: [groq/large]
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC411"
NAME = "fallback-smaller-context"
SUMMARY = "fallback has a smaller context window than the primary"
DEFAULT = Severity.WARNING


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for provider, cls, entries in ctx.chain_entries():
        head = ctx.model_ref(provider, cls)
        window = ctx.context_window(head) if head is not None else None
        if head is None or window is None:
            continue
        for target, target_cls, path in entries:
            entry = ctx.model_ref(target, target_cls)
            other = ctx.context_window(entry) if entry is not None else None
            if entry is not None and other is not None and other < window:
                yield ctx.diagnostic(
                    path,
                    f"fallback {entry.label} takes {other} tokens of context, {head.label} takes {window}",
                    hint="requests longer than the fallback's window will fail; pick a larger fallback",
                )
