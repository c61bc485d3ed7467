"""## What it does
Flags a provider whose `catalog:` names a namespace the model catalog does not have.

## Why is this bad?
Model ids are looked up under that namespace; with a misspelt one nothing is checked at all:
no unknown or retired models, no token windows, no embedding sizes.

## Example
```yaml
providers:
  gateway:
    endpoint: https://llm-gateway.example.com/v1
    catalog: opnai
    models: {small: gpt-5.4-mini, medium: gpt-5.4}
```

## Use instead
```yaml
providers:
  gateway:
    endpoint: https://llm-gateway.example.com/v1
    catalog: openai
    models: {small: gpt-5.4-mini, medium: gpt-5.4}
```
"""

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC307"
NAME = "unknown-catalog"
SUMMARY = "catalog namespace the model catalog does not have"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for name, provider in ctx.providers():
        if provider.catalog is None or ctx.knows_namespace(provider.catalog):
            continue
        known = sorted(ctx.known_namespaces())
        close = difflib.get_close_matches(provider.catalog, known, n=1)
        yield ctx.diagnostic(
            ("providers", name, "catalog"),
            f"catalog namespace `{provider.catalog}` of {name} is unknown, so its models go unchecked",
            hint=f"did you mean `{close[0]}`?" if close else f"known: {', '.join(known)}",
        )
