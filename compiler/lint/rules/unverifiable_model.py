"""## What it does
Says (at INFO) when a model id cannot be checked against any catalog: a fine-tuned id whose
base cannot be read from it (Vertex `projects/…/endpoints/…`, Gemini `tunedModels/…`) or is
not in the catalog, or a name on a local or private server (Ollama, llama.cpp, vLLM) that
belongs to no open-weight family modelcfg knows. Set the provider's `catalog_check: off` to
silence it, or describe the model in the project's `catalog:` so lint and the runtime know
its windows.

## Why is this bad?
Nothing is wrong yet, but nothing was checked either: a typo there fails only at request time,
and token windows and capabilities come from the config alone.

## Example
```yaml
providers:
  tuned:
    api: gemini
    endpoint: https://generativelanguage.googleapis.com/v1beta
    models:
      medium: tunedModels/support-bot-7f3k2
```

## Use instead
```yaml
providers:
  tuned:
    api: gemini
    endpoint: https://generativelanguage.googleapis.com/v1beta
    models:
      medium: tunedModels/support-bot-7f3k2
catalog:
  gemini:
    tunedModels/support-bot-7f3k2: {base: gemini-3.8-flash}
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC308"
NAME = "unverifiable-model"
SUMMARY = "model id no catalog can confirm (fine-tune without a readable base, local name)"
DEFAULT = Severity.INFO


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for ref in ctx.model_refs:
        verdict = ctx.verdict(ref) if ref.spec.id else None
        if verdict is None or verdict.kind != "unverifiable":
            continue
        yield ctx.diagnostic(
            ref.id_path,
            f"model `{ref.spec.id}` for {ref.label} cannot be checked: {verdict.note}",
            hint=f"describe it under `catalog:` (windows, mode, or `base:`), "
            f"or set `providers.{ref.provider_name}.catalog_check: off`",
        )
