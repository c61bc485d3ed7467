"""## What it does
Flags an embedding failover entry whose vectors have a different size than the primary's.

## Why is this bad?
Vectors of different sizes (or from different models) cannot be compared: after a failover the
vector store receives embeddings that match nothing, or rejects them outright.

## Example
```yaml
failover:
  chains:
    openai/embedding: [google/embedding]   # 1536 vs 768 dimensions
```

## Use instead
```yaml
failover:
  chains:
    openai/embedding: [azure/embedding]    # the same model, 1536 dimensions
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.schema import ModelClass

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC410"
NAME = "fallback-dimensions-mismatch"
SUMMARY = "embedding fallback returns vectors of another size"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for provider, cls, entries in ctx.chain_entries():
        head = ctx.model_ref(provider, cls)
        if head is None or cls is not ModelClass.EMBEDDING:
            continue
        size = ctx.vector_size(head)
        for target, target_cls, path in entries:
            entry = ctx.model_ref(target, target_cls)
            other = ctx.vector_size(entry) if entry is not None else None
            if entry is None or size is None or other is None or other == size:
                continue
            yield ctx.diagnostic(
                path,
                f"fallback {entry.label} returns {other}-dimensional vectors, "
                f"{head.label} returns {size}: they cannot be compared",
                hint=f"fall back to a model producing {size} dimensions, or set matching `dimensions`",
            )
