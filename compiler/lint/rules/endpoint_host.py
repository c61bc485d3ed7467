"""## What it does
Compares the endpoint of a provider named like a built-in preset (`openai`, `anthropic`,
`groq`, ...) with the preset's host, and flags a different site.

## Why is this bad?
A provider called `openai` pointed at another host sends the OpenAI key to that host. Gateways
and proxies are legitimate, hence a warning: rename the provider after what it really is.

## Example
```yaml
providers:
  openai:
    endpoint: https://api.openai.example.net/v1
```

## Use instead
```yaml
providers:
  openai_proxy:
    endpoint: https://api.openai.example.net/v1
    catalog: openai
```
"""

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.compiler.lint.rules.insecure_endpoint import is_loopback

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC503"
NAME = "endpoint-host-mismatch"
SUMMARY = "endpoint host differs from the preset's for that provider"
DEFAULT = Severity.WARNING

_ENDPOINT_RE = re.compile(r"^\s*endpoint:\s*[\"']?([^\"'\s#]+)", re.MULTILINE)


def site(host: str) -> str:
    """The registrable part of a host, enough to tell providers apart: `api.openai.com` → `openai.com`."""
    return ".".join(host.rstrip(".").split(".")[-2:])


@cache
def preset_host(name: str) -> str | None:
    """Host of a built-in preset's endpoint, or None when there is no such preset."""
    from modelcfg.profiles import builtin_path

    try:
        text = builtin_path("preset", name).read_text(encoding="utf-8")
    except (KeyError, OSError):
        return None
    match = _ENDPOINT_RE.search(text)
    host = urlsplit(match.group(1)).hostname if match else None
    return host if host and "{" not in host else None


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for name, provider in ctx.providers():
        host = urlsplit(provider.endpoint).hostname
        expected = preset_host(name)
        if host is None or expected is None or is_loopback(host) or site(host) == site(expected):
            continue
        yield ctx.diagnostic(
            ("providers", name, "endpoint"),
            f"provider `{name}` points at `{host}`, not `{expected}` as the {name} preset does",
            hint=f"if this is a proxy, rename the provider and set `catalog:`; otherwise use {expected}",
        )
