"""## What it does
Flags a sampling setting the provider's API does not accept, such as `frequency_penalty` or
`presence_penalty` on Anthropic, or `repetition_penalty` and `top_k` on OpenAI's own API, and
sampling settings (`temperature`, `top_p`, `top_k`) on models the catalog says refuse them.

## Why is this bad?
The runtime sends only what the wire protocol accepts, so the setting is silently dropped:
whoever reads the config believes a penalty is in effect when it is not.

## Example
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    settings:
      temperature: 0.3
      frequency_penalty: 0.0
```

## Use instead
```yaml
providers:
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    settings:
      temperature: 0.3
```
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity
from modelcfg.compiler.wire_settings import SAMPLING, refused_by_api

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC210"
NAME = "unsupported-setting"
SUMMARY = "setting the provider's API does not accept"
DEFAULT = Severity.WARNING


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    """One finding per line: a provider-wide setting refused by several of its models is one."""
    flagged: set[tuple[str | int, ...]] = set()
    for name, provider, settings, path in ctx.settings_blocks():
        refused = refused_by_api(provider.api, ctx.namespace(provider))
        for key in sorted(settings.model_fields_set & refused):
            flagged.add((*path, key))
            yield ctx.diagnostic(
                (*path, key),
                f"`{key}` is not part of {_api(name, provider.api.value)} and will not be sent",
                hint=f"remove `{key}` from this provider's settings",
            )
    refusing: dict[tuple[str | int, ...], list[str]] = {}
    for ref in ctx.model_refs:
        info = ctx.model_info(ref)
        if info is None or info.sampling_params:
            continue
        for key in SAMPLING:
            located = ctx.setting(ref, key)
            if located is not None and located.path not in flagged:
                refusing.setdefault(located.path, []).append(f"`{ref.spec.id}` ({ref.label})")
    for path, models in refusing.items():
        yield ctx.diagnostic(
            path,
            f"`{path[-1]}` is refused by {_listed(models)} and will not be sent",
            hint=f"remove `{path[-1]}`, or set it only on the models that accept it",
        )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _api(provider_name: str, api: str) -> str:
    return f"the {api} API" if provider_name == api else f"the {api} API of `{provider_name}`"
