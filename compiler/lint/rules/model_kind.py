"""## What it does
Checks that each class is served by a model of the right kind: chat models for small, medium
and large, an embedding model for embedding, an image model for image.

## Why is this bad?
An embedding model in the large class (or a chat model under embedding) fails every request
sent to that class; it is usually a line pasted under the wrong key.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models:
      embedding: gpt-5.4-mini
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
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

CODE = "MC306"
NAME = "wrong-model-kind"
SUMMARY = "model of the wrong kind for its class"
DEFAULT = Severity.ERROR

_CHAT = frozenset({"chat", "completion", "responses"})
EXPECTED: dict[ModelClass, tuple[str, frozenset[str]]] = {
    ModelClass.SMALL: ("a chat model", _CHAT),
    ModelClass.MEDIUM: ("a chat model", _CHAT),
    ModelClass.LARGE: ("a chat model", _CHAT),
    ModelClass.EMBEDDING: ("an embedding model", frozenset({"embedding"})),
    ModelClass.IMAGE: ("an image model", frozenset({"image", "image_generation"})),
}


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        info = ctx.model_info(ref)
        if info is None or not info.mode:
            continue
        wanted, modes = EXPECTED[ref.model_class]
        if info.mode not in modes:
            yield ctx.diagnostic(
                ref.id_path,
                f"{ref.label} needs {wanted}, but `{ref.spec.id}` is a {info.mode} model",
                hint=f"move it under the class it serves, or put {wanted} here",
            )
