"""## What it does
Checks `temperature` against the range the provider's API accepts: 0–1 for Anthropic (also on
Vertex AI), 0–2 for OpenAI-compatible APIs and Gemini. A profile's temperature is checked
against every provider selection applies that profile to.

## Why is this bad?
Anthropic answers a temperature above 1 with HTTP 400, so every request on that model fails.
A value copied from an OpenAI config (where 1.5 is legal) is the usual cause.

## Example
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    settings:
      temperature: 1.4
```

## Use instead
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    settings:
      temperature: 0.9
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.schema import WireApi

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC211"
NAME = "temperature-out-of-range"
SUMMARY = "temperature outside the provider's own range"
DEFAULT = Severity.ERROR

MAX_TEMPERATURE: dict[WireApi, float] = {
    WireApi.ANTHROPIC: 1.0,
    WireApi.ANTHROPIC_VERTEX: 1.0,
    WireApi.OPENAI: 2.0,
    WireApi.GEMINI: 2.0,
}


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    for name, provider, settings, path in ctx.settings_blocks():
        limit = MAX_TEMPERATURE[provider.api]
        if settings.temperature is not None and settings.temperature > limit:
            yield ctx.diagnostic(
                (*path, "temperature"),
                f"temperature {settings.temperature:g} is above {limit:g}, "
                f"the maximum of {name}'s API ({provider.api.value})",
                hint=f"use a temperature between 0 and {limit:g}",
            )
    yield from _profiles(ctx)


def _profiles(ctx: "LintContext") -> Iterator[Diagnostic]:
    """A profile overrides the provider's settings on the requests it applies to."""
    seen: set[tuple[str, str]] = set()
    for route in ctx.routes:
        profile = ctx.document.profiles.get(route.profile or "")
        provider = ctx.document.providers.get(route.provider)
        if profile is None or provider is None or profile.temperature is None:
            continue
        limit = MAX_TEMPERATURE[provider.api]
        if profile.temperature <= limit or (route.profile or "", route.provider) in seen:
            continue
        seen.add((route.profile or "", route.provider))
        yield ctx.diagnostic(
            ("profiles", route.profile or "", "temperature"),
            f"temperature {profile.temperature:g} of profile `{route.profile}` is above {limit:g}, "
            f"the maximum of {route.provider}'s API ({provider.api.value}), and selection applies it there",
            hint=f"cap the profile at {limit:g}, or route it to a provider that accepts it",
        )
