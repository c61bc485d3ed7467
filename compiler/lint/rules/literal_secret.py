"""## What it does
Scans every line of every layer for literal API keys (prefixes such as `sk-`, `sk-ant-`,
`sk-or-v1-`, `gsk_`, `xai-`, `AIza`) and reports them masked: comments, and values a later
layer overrides, included. (A key among the merged values is the compiler's MC202.)

## Why is this bad?
A key committed to a repository is a leaked key: it lives on in history, forks and CI logs
after the line is deleted, and a comment is committed as surely as a value. Configs name the
environment variable that holds the key.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY  # was sk-proj-Zq8xR2vN4mK7pL1tY6wE
```

## Use instead
```yaml
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity, Span
from modelcfg.schema.secrets import find_secret, mask, secret_kind

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC501"
NAME = "literal-secret"
SUMMARY = "literal API key in a config"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    reported = {(d.span.file, d.span.line) for d in ctx.compile_diagnostics}
    for file, text in ctx.sources.items():
        if find_secret(text) is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            secret = find_secret(line)
            if secret is None or (file, number) in reported:
                continue
            column = line.index(secret) + 1
            span = Span(file, number, column, number, column + len(secret))
            yield Diagnostic(
                CODE,
                DEFAULT,
                f"literal {secret_kind(secret)} key `{mask(secret)}` in a config file",
                span,
                hint="revoke the key, keep the new one in an environment variable, name it in `api_key_env`",
            )
