"""## What it does
Flags a model class that selection implies requests go to (the default provider's embedding
and image classes, or the built-in rules), while the provider leaves its model id empty (`""`).
Routes written out (tasks, rules, chains) are checked by the compiler (MC401, MC402).

## Why is this bad?
An empty id means "not served": the first request routed there fails. The seed's Heurist
preset ships `embedding: ""  # Add later`, so an agent using Heurist cannot embed anything.

## Example
```yaml
selection:
  default_provider: heurist
providers:
  heurist:
    endpoint: https://llm-gateway.heurist.xyz
    models:
      medium: mistralai/mixtral-8x7b-instruct
      embedding: ""   # Add later
```

## Use instead
```yaml
selection:
  default_provider: heurist
providers:
  heurist:
    endpoint: https://llm-gateway.heurist.xyz
    models:
      medium: mistralai/mixtral-8x7b-instruct
      image: FLUX.1-dev
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.schema import ModelClass

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC414"
NAME = "empty-routed-class"
SUMMARY = "requests are routed to a class whose model id is empty"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    # Routes written in the config (tasks, explicit rules, chains) are the compiler's MC401/MC402;
    # this rule covers what the config implies: the default provider's embedding and image
    # classes, and the built-in selection rules when none are written.
    seen: set[tuple[str, ModelClass]] = set()
    for route in ctx.routes:
        if ctx.is_set(route.path) and route.path[:2] != ("selection", "default_provider"):
            continue
        ref = ctx.model_ref(route.provider, route.model_class)
        if ref is None or ref.spec.id or (ref.provider_name, ref.model_class) in seen:
            continue
        seen.add((ref.provider_name, ref.model_class))
        yield ctx.diagnostic(
            ref.id_path,
            f"{ref.label} has an empty model id, but requests reach it through {_describe(route.path)}",
            hint="set a model id, or route this class to a provider that serves it",
        )


def _describe(path: tuple[str | int, ...]) -> str:
    if path[:2] == ("selection", "default_provider"):
        return "the default provider"
    if path[:2] == ("selection", "default_class"):
        return "the default class"
    return "the built-in selection rules"
