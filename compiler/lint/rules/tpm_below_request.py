"""## What it does
Checks that each model's tokens-per-minute budget (`rate_limits.tpm`, the model's own or its
provider's) holds at least one request of the largest size the model is configured to take:
`max_input_tokens + max_output_tokens` (configured, else the catalog's).

## Why is this bad?
The runtime reserves a request's input estimate plus its max output tokens against `tpm`
before sending. A request bigger than the whole budget can never be admitted: it fails with
`RateLimited` however long it waits. `gpt-6-luna` takes 922,000 input and 128,000 output
tokens, so `tpm: 30000` refuses every long prompt.

## Example
```yaml
providers:
  openai:
    api: openai
    endpoint: https://api.openai.com/v1
    rate_limits: {tpm: 30000}
    models:
      large: gpt-6-luna
```

## Use instead
```yaml
providers:
  openai:
    api: openai
    endpoint: https://api.openai.com/v1
    rate_limits: {tpm: 30000}
    max_input_tokens: 24000
    max_output_tokens: 4096
    models:
      large: gpt-6-luna
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext, Located, ModelRef

CODE = "MC420"
NAME = "tpm-below-request"
SUMMARY = "tokens-per-minute budget smaller than one request can need"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        tpm = _tpm(ref)
        if tpm is None:
            continue
        window_in = ctx.context_window(ref)
        window_out = _max_output(ctx, ref)
        if window_in is None or window_out is None or tpm.value >= window_in + window_out:
            continue
        need = window_in + window_out
        yield ctx.diagnostic(
            tpm.path,
            f"tpm {tpm.value} is smaller than one request to {ref.label} can need "
            f"(max_input_tokens {window_in} + max_output_tokens {window_out} = {need}); "
            "such a request can never be admitted",
            hint=f"raise `tpm` to at least {need}, or lower `max_input_tokens`/`max_output_tokens` to fit it",
        )


def _tpm(ref: "ModelRef") -> "Located | None":
    """The effective tpm: the model's own, else its provider's (the table merges them field by field)."""
    from modelcfg.compiler.lint.context import Located

    own = ref.spec.rate_limits
    if own is not None and "tpm" in own.model_fields_set and own.tpm is not None:
        return Located(own.tpm, (*ref.path, "rate_limits", "tpm"))
    inherited = ref.provider.rate_limits
    if inherited is not None and inherited.tpm is not None:
        return Located(inherited.tpm, ("providers", ref.provider_name, "rate_limits", "tpm"))
    return None


def _max_output(ctx: "LintContext", ref: "ModelRef") -> int | None:
    located = ctx.window(ref, "max_output_tokens")
    if located is not None:
        return int(located.value)
    info = ctx.model_info(ref)
    return info.max_output_tokens if info else None
