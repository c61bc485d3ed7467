"""## What it does
Reports a `# modelcfg: ignore[RULE]` comment that silenced nothing on its line.

## Why is this bad?
A stale suppression hides the next real finding on that line, and tells readers a problem
exists where there is none. (Like ruff's RUF100.)

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1  # modelcfg: ignore[MC502]
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC901"
NAME = "unused-suppression"
SUMMARY = "suppression comment that silences nothing"
DEFAULT = Severity.WARNING


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    """Reported by the runner, which alone knows which findings each comment silenced."""
    return iter(())
