"""## What it does
Flags a failover chain whose primary `provider/class` no selection rule, task or default ever
sends a request to.

## Why is this bad?
The chain can never run: it is dead configuration, usually left behind when the default
provider or a task moved, and the traffic it was meant to protect has no failover at all.

## Example
```yaml
selection:
  default_provider: openai
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models: {large: claude-opus-4-6}
failover:
  chains:
    anthropic/large: [openai/large]      # nothing sends requests to anthropic
```

## Use instead
```yaml
selection:
  default_provider: openai
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models: {large: claude-opus-4-6}
failover:
  chains:
    openai/small: [openai/medium]
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.compiler.lint.context import parse_chain_ref

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC413"
NAME = "unreachable-chain"
SUMMARY = "failover chain that can never run"
DEFAULT = Severity.WARNING


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for key in ctx.document.failover.chains:
        head = parse_chain_ref(key, None)
        if head is None:
            continue
        provider, cls = head
        known = ctx.document.providers.get(provider)
        if known is None or not known.enabled or ctx.is_routed(provider, cls):
            continue
        yield ctx.diagnostic(
            ("failover", "chains", key),
            f"chain `{key}` is never used: no rule, task or default sends requests to {provider}/{cls.value}",
            hint="key the chain by the provider/class that serves traffic, or route a task to it",
            key=True,
        )
