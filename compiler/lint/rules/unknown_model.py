"""## What it does
Looks every model id up in the model catalog under its provider's namespace (set with
`catalog:`, or guessed from the endpoint host) and flags ids that never existed in any
LiteLLM release since 2023, nor in the project's own `catalog:`. Retired models are
MC302, fine-tuned ids are judged by their base, and local servers by model family (MC308).
The hint names live models of the same family first, and says when the closest id is retired.

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
    from modelcfg.profiles.catalog import ModelInfo

CODE = "MC301"
NAME = "unknown-model"
SUMMARY = "model id is not in the catalog"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        if not ref.spec.id or ctx.verdict(ref).kind != "unknown":
            continue
        namespace = ctx.namespace(ref.provider)
        assert namespace is not None  # an unknown verdict has a namespace to judge by
        yield ctx.diagnostic(
            ref.id_path,
            f"unknown model `{ref.spec.id}` for {ref.label} (catalog `{namespace}`)",
            hint=_hint(ctx, ref, namespace),
        )


def _hint(ctx: "LintContext", ref: "ModelRef", namespace: str) -> str:
    """Live models of the same family first; the closest id is named when it is retired."""
    suggestions = ctx.catalog.suggest(namespace, ref.spec.id, ctx.today)
    if not suggestions:
        return f"look the id up with `modelcfg catalog search {ref.spec.id}`"
    live = [info for info in suggestions if not info.is_retired(ctx.today)]
    names = " or ".join(
        f"`{info.id}`" + ("" if live else f" ({_retired_phrase(info)})") for info in (live or suggestions)
    )
    hint = f"did you mean {names}?"
    closest = ctx.catalog.nearest(namespace, ref.spec.id, n=1)
    closest_info = ctx.catalog.lookup(namespace, closest[0]) if closest else None
    if closest_info is not None and closest_info.is_retired(ctx.today):
        hint += f" (the closest id, `{closest_info.id}`, {_retired_phrase(closest_info)})"
    return hint + _window_note(ctx, ref, (live or suggestions)[0].id, namespace)


def _retired_phrase(info: "ModelInfo") -> str:
    if info.deprecation_date is not None:
        return f"was shut down on {info.deprecation_date.isoformat()}"
    if info.retired_in is not None:
        return f"is retired: missing from LiteLLM's releases since {info.retired_in}"
    return "is retired"
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
