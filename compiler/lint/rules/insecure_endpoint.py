"""## What it does
Flags an `http://` endpoint whose host is not loopback (`localhost`, `127.0.0.1`, `::1`).

## Why is this bad?
The API key and every prompt and completion cross the network in clear text, readable and
alterable by anyone on the path.

## Example
```yaml
providers:
  gateway:
    endpoint: http://llm-gateway.internal.example.com/v1
```

## Use instead
```yaml
providers:
  gateway:
    endpoint: https://llm-gateway.internal.example.com/v1
```
"""

import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC502"
NAME = "insecure-endpoint"
SUMMARY = "plain-http endpoint to a non-loopback host"
DEFAULT = Severity.ERROR


def is_loopback(host: str) -> bool:
    """True for localhost names and loopback addresses."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for name, provider in ctx.providers():
        parts = urlsplit(provider.endpoint)
        if parts.scheme == "http" and parts.hostname and not is_loopback(parts.hostname):
            yield ctx.diagnostic(
                ("providers", name, "endpoint"),
                f"{name} sends keys and prompts unencrypted: plain http to `{parts.hostname}`",
                hint="use https, or a loopback address for a local server",
            )
