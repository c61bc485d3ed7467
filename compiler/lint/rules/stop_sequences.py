"""## What it does
Counts stop sequences against the provider's limit: 4 on OpenAI's API, 5 on Gemini.

## Why is this bad?
The API rejects the whole request (HTTP 400) when `stop` has more entries than it allows.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    settings:
      stop: ["\\n\\n", "User:", "Assistant:", "###", "END"]
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    settings:
      stop: ["\\n\\n", "User:", "Assistant:", "###"]
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.schema import WireApi

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC212"
NAME = "too-many-stop-sequences"
SUMMARY = "more stop sequences than the provider allows"
DEFAULT = Severity.ERROR

LIMIT_BY_NAMESPACE: dict[str, int] = {"openai": 4}
LIMIT_BY_API: dict[WireApi, int] = {WireApi.GEMINI: 5}


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for name, provider, settings, path in ctx.settings_blocks():
        limit = LIMIT_BY_NAMESPACE.get(ctx.namespace(provider) or "", LIMIT_BY_API.get(provider.api))
        if limit is not None and settings.stop is not None and len(settings.stop) > limit:
            yield ctx.diagnostic(
                (*path, "stop"),
                f"{len(settings.stop)} stop sequences, but {name}'s API allows at most {limit}",
                hint=f"keep the {limit} that matter",
            )
