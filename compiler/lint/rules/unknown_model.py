"""## What it does
Looks every model id up in the model catalog under its provider's namespace (set with
`catalog:`, or guessed from the endpoint host) and flags ids the catalog does not know,
naming the nearest known ids.

## Why is this bad?
A misspelt or invented id fails only at request time, with a 404 from the provider, often in
the middle of production traffic. `claude-3-5-opus-20240229` looks plausible and never existed.

## Example
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models:
      large: claude-3-5-opus-20240229
```

## Use instead
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    models:
      large: claude-opus-4-6
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext, ModelRef

CODE = "MC301"
NAME = "unknown-model"
SUMMARY = "model id is not in the catalog"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        namespace = ctx.namespace(ref.provider)
        if namespace is None or not ref.spec.id or not ctx.knows_namespace(namespace):
            continue  # no catalog to judge by (an unknown namespace is MC307)
        if ctx.model_info(ref) is not None:
            continue
        nearest = ctx.catalog.nearest(namespace, ref.spec.id)
        hint = (
            "did you mean " + " or ".join(f"`{n}`" for n in nearest) + "?"
            if nearest
            else f"look the id up with `modelcfg catalog search {ref.spec.id}`"
        )
        if nearest:
            hint += _window_note(ctx, ref, nearest[0], namespace)
        yield ctx.diagnostic(
            ref.id_path, f"unknown model `{ref.spec.id}` for {ref.label} (catalog `{namespace}`)", hint=hint
        )


def _window_note(ctx: "LintContext", ref: "ModelRef", candidate: str, namespace: str) -> str:
    """Say so when the likely intended model could not honour the configured output window either."""
    info = ctx.catalog.lookup(namespace, candidate)
    located = ctx.window(ref, "max_output_tokens")
    if info is None or info.max_output_tokens is None or located is None:
        return ""
    if located.value <= info.max_output_tokens:
        return ""
    limit = info.max_output_tokens
    return f" (`{candidate}` gives at most {limit} output tokens; {located.value} are configured)"
