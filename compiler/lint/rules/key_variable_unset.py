"""## What it does
Flags a provider that requests can be routed to (by a selection rule, a task, the default
provider or a failover chain) whose `api_key_env` variable is not set where lint runs. It
runs only when the project asks for it with `lint: {require_keys: true}`, usually in the
overlay of an environment whose lint job has that environment's keys (a deploy step).

## Why is this bad?
The runtime reads the key when the first request goes out: a missing variable turns into
failed requests (or a failover to another provider) in production instead of a red deploy.

## Example
```yaml
# envs/production.yaml, linted with `modelcfg lint --env production` in the deploy job
lint:
  require_keys: true
selection:
  default_provider: anthropic
providers:
  anthropic:
    endpoint: https://api.anthropic.com/v1
    api: anthropic
    api_key_env: DEPLOY_ANTHROPIC_KEY   # not set in this job
    models: {large: claude-opus-4-6}
```

## Use instead
```yaml
lint:
  require_keys: false
selection:
  default_provider: anthropic
providers:
  anthropic:
    endpoint: https://api.anthropic.com/v1
    api: anthropic
    api_key_env: DEPLOY_ANTHROPIC_KEY
    models: {large: claude-opus-4-6}
```
Set `DEPLOY_ANTHROPIC_KEY` in the deploy job's environment; where lint runs without the
keys (pull requests from forks), leave `require_keys` off, as above.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcfg.compiler.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from modelcfg.compiler.lint.context import LintContext

CODE = "MC417"
NAME = "key-variable-unset"
SUMMARY = "a routed provider's key variable is not set"
DEFAULT = Severity.ERROR


def check(ctx: "LintContext") -> Iterator[Diagnostic]:
    if not ctx.document.lint.require_keys:
        return
    routed = {route.provider for route in ctx.routes}
    routed |= {provider for provider, _, entries in ctx.chain_entries() for provider, _, _ in entries}
    for name, provider in ctx.document.providers.items():
        variable = provider.api_key_env
        if name in routed and provider.enabled and variable and not ctx.environ.get(variable):
            yield ctx.diagnostic(
                ("providers", name, "api_key_env"),
                f"`{variable}`, the key of routed provider `{name}`, is not set",
                hint=f"set `{variable}` in this job's environment, or turn `lint.require_keys` off here",
            )
