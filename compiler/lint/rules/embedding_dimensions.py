"""## What it does
Checks embedding `dimensions` against what the model can return: its native vector size from
the catalog, or less only when the model supports shortening (text-embedding-3-*).

## Why is this bad?
The API rejects a size the model cannot produce, or, worse, an index built for 3072-wide
vectors receives 1536-wide ones. `text-embedding-ada-002` always returns 1536 values.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    embedding: {dimensions: 3072}
    models:
      embedding: text-embedding-3-small
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    embedding: {dimensions: 1536}
    models:
      embedding: text-embedding-3-small
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.schema import ModelClass

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC305"
NAME = "embedding-dimensions-unsupported"
SUMMARY = "embedding dimensions the model cannot produce"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        if ref.model_class is not ModelClass.EMBEDDING:
            continue
        located, info = ctx.dimensions(ref), ctx.model_info(ref)
        if located is None or info is None or info.output_vector_size is None:
            continue
        native, asked = info.output_vector_size, int(located.value)
        if asked == native or (asked < native and info.reducible_dimensions):
            continue
        reason = f"at most {native}" if info.reducible_dimensions else f"only {native}"
        yield ctx.diagnostic(
            located.path,
            f"`{ref.spec.id}` returns {reason} dimensions, but {asked} are configured",
            hint=f"set dimensions to {native}" + (" or fewer" if info.reducible_dimensions else ""),
        )
