"""## What it does
Flags a failover entry lacking a capability that selection rules or tasks need from the
primary (vision, function calling, ...), per the catalog or the model's declared
`capabilities`.

## Why is this bad?
A request needing tools or images fails over to a model that cannot serve it and fails again,
or worse, answers without the images.

## Example
```yaml
selection:
  tasks:
    describe_image: {class: large, provider: openai, needs: [vision]}
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models:
      small: gpt-5.4-mini
      medium: gpt-5.4
      large: {id: gpt-5.4, max_input_tokens: 131072}
  groq:
    endpoint: https://api.groq.com/openai/v1
    models: {large: openai/gpt-oss-120b}     # text only
failover:
  chains:
    openai/large: [groq/large]
```

## Use instead
```yaml
selection:
  tasks:
    describe_image: {class: large, provider: openai, needs: [vision]}
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models:
      small: gpt-5.4-mini
      medium: gpt-5.4
      large: {id: gpt-5.4, max_input_tokens: 131072}
  groq:
    endpoint: https://api.groq.com/openai/v1
    models: {large: qwen/qwen3.8-27b}         # reads images
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

CODE = "MC412"
NAME = "fallback-missing-capability"
SUMMARY = "fallback lacks a capability requests need"
DEFAULT = Severity.WARNING


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for provider, cls, entries in ctx.chain_entries():
        needed = {
            need for r in ctx.routes if r.provider == provider and r.model_class is cls for need in r.needs
        }
        if not needed:
            continue
        for target, target_cls, path in entries:
            entry = ctx.model_ref(target, target_cls)
            has = ctx.capabilities(entry) if entry is not None else None
            if entry is None or has is None:
                continue
            missing = sorted(n.value for n in needed - has)
            if missing:
                yield ctx.diagnostic(
                    path,
                    f"fallback {entry.label} (`{entry.spec.id}`) lacks {', '.join(missing)}, "
                    f"which requests to {provider}/{cls.value} need",
                    hint="fall back to a model with the same capabilities",
                )
