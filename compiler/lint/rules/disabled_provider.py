"""## What it does
Flags a selection rule, task or failover chain that still names a provider with
`enabled: false` (a disabled default provider is the compiler's MC409).

## Why is this bad?
A disabled provider is never called: requests routed to it fail over or fail, and a chain
entry naming it is skipped, so the chain is shorter than it reads.

## Example
```yaml
selection:
  tasks:
    quick: {class: small, provider: groq}
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}
  groq:
    endpoint: https://api.groq.com/openai/v1
    enabled: false
    models: {small: openai/gpt-oss-20b}
```

## Use instead
```yaml
selection:
  tasks:
    quick: {class: small, provider: openai}
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}
  groq:
    endpoint: https://api.groq.com/openai/v1
    enabled: false
    models: {small: openai/gpt-oss-20b}
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext, Path

CODE = "MC416"
NAME = "disabled-provider-referenced"
SUMMARY = "disabled provider still referenced"
DEFAULT = Severity.WARNING


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    selection = ctx.document.selection
    named: list[tuple[str | None, Path]] = [
        (r.provider, ("selection", "rules", i, "provider")) for i, r in enumerate(selection.rules)
    ]
    named += [(t.provider, ("selection", "tasks", n, "provider")) for n, t in selection.tasks.items()]
    for key, entries in ctx.document.failover.chains.items():
        named.append((key.partition("/")[0], ("failover", "chains", key)))
        named += [(e.partition("/")[0], ("failover", "chains", key, i)) for i, e in enumerate(entries)]
    for name, path in named:
        provider = ctx.document.providers.get(name) if name else None
        if provider is not None and not provider.enabled:
            yield ctx.diagnostic(
                path,
                f"provider `{name}` is disabled but still referenced here",
                hint=f"enable `{name}` or remove the reference",
            )
