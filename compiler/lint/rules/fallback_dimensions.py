"""## What it does
Flags an embedding failover entry whose vectors have a different size than the primary's.

## Why is this bad?
Vectors of different sizes (or from different models) cannot be compared: after a failover the
vector store receives embeddings that match nothing, or rejects them outright.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {medium: gpt-5.4, embedding: text-embedding-3-small}      # 1536 dimensions
  google:
    api: gemini
    endpoint: https://generativelanguage.googleapis.com/v1beta
    models: {embedding: gemini-embedding-2}                           # 3072 dimensions
failover:
  chains:
    openai/embedding: [google/embedding]
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {medium: gpt-5.4, embedding: text-embedding-3-small}
  google:
    api: gemini
    endpoint: https://generativelanguage.googleapis.com/v1beta
    models:
      embedding: {id: gemini-embedding-2, dimensions: 1536}           # shortened to match
failover:
  chains:
    openai/embedding: [google/embedding]
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
