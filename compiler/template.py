"""Render Jinja2 expressions in string values: `{{ vars.region }}`, `{{ env("NAME") }}`.

Rendering happens in the bounded sandbox (compiler/sandbox.py) with `StrictUndefined`:
templates read `vars` and the variables listed in `allow_env`, nothing else (no
attributes of Python objects, imports or files), within size and time limits. Only
strings containing `{{` or `{%` are rendered. `vars` itself is literal.

Secrets stay in environment variables named by `api_key_env`. A template that reads a
variable holding a secret (its value looks like a key, or some `*_env` field names it)
is refused whatever it does with the value (`|reverse`, `[3:]`, `|replace`), and so is a
rendered value that looks like a key; an error in such a template is reported without
its details, which could quote the value.
"""

import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from modelcfg.schema.secrets import find_secret

from .diagnostic import Diagnostic, Severity, Span
from .source import Path

__all__ = ["render_tree"]

_MARKERS = ("{{", "{%")
_LITERAL_KEYS = frozenset({"vars"})
_SECRET_HINT = "name the variable in `api_key_env` instead of rendering its value"


class _EnvNotAllowed(Exception):
    pass


class _EnvReader:
    """`env()` for templates: reads allowed variables and remembers which held a secret."""

    def __init__(self, environ: Mapping[str, str], allow: set[str], secret_names: set[str]) -> None:
        self.environ, self.allow, self.secret_names = environ, allow, secret_names
        self.secrets_read: list[str] = []

    def __call__(self, name: str, default: str | None = None) -> str:
        if name not in self.allow:
            raise _EnvNotAllowed(name)
        value = self.environ.get(name, default)
        if value is None:
            raise _EnvNotAllowed(f"{name}\0unset")
        if name in self.secret_names or find_secret(value):
            self.secrets_read.append(name)
        return value


def _has_template(value: str) -> bool:
    return "{{" in value or "{%" in value


def render_tree(
    tree: dict[str, Any],
    environ: Mapping[str, str],
    span_of: Callable[[Path], Span],
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The tree with every template string rendered, and the errors found."""
    found, secret_names = _find_templates(tree)
    if not found:
        return tree, []
    from jinja2 import StrictUndefined, TemplateError

    from .sandbox import CONFIG_LIMITS, CONFIG_TOTAL_SECONDS, BoundedSandbox, render_bounded

    allowed = tree.get("allow_env")
    allow = {a for a in allowed if isinstance(a, str)} if isinstance(allowed, list) else set()
    env = _EnvReader(environ, allow, secret_names)
    jinja = BoundedSandbox(
        CONFIG_LIMITS, undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    jinja.globals.clear()
    context: dict[str, Any] = {
        "vars": tree.get("vars") if isinstance(tree.get("vars"), dict) else {},
        "env": env,
    }
    diagnostics: list[Diagnostic] = []
    rendered: dict[Path, str] = {}
    budget_end = time.monotonic() + CONFIG_TOTAL_SECONDS
    for path, text in found:
        env.secrets_read.clear()
        left = budget_end - time.monotonic()
        if left < 0.05:
            diagnostics.append(_budget_spent(CONFIG_TOTAL_SECONDS, span_of(path)))
            continue
        limits = replace(CONFIG_LIMITS, max_seconds=min(CONFIG_LIMITS.max_seconds, left))
        try:
            value = render_bounded(jinja.from_string(text), context, limits)
        except _EnvNotAllowed as exc:
            diagnostics.append(_env_error(str(exc), span_of(path)))
            continue
        except Exception as exc:  # a syntax error, a sandbox refusal or limit, an error inside a filter
            detail = exc.message if isinstance(exc, TemplateError) and exc.message else str(exc)
            detail = detail or type(exc).__name__
            diagnostics.append(_template_error(detail, exc, env.secrets_read, span_of(path)))
            continue
        if env.secrets_read or (find_secret(value) and not find_secret(text)):
            diagnostics.append(_secret_rendered(env.secrets_read, span_of(path)))
            continue
        rendered[path] = value
    return _replace(tree, rendered), diagnostics


def _template_error(detail: str, exc: Exception, secrets_read: list[str], span: Span) -> Diagnostic:
    from .sandbox import CONFIG_LIMITS, TemplateLimit  # loaded with jinja2, only when a value is a template

    if secrets_read:
        name = secrets_read[0]
        message = f"template error in a value that reads `{name}`, which holds a secret (details withheld)"
        return _diag("MC107", span, message, _SECRET_HINT)
    if isinstance(exc, TemplateLimit):
        limits = f"{CONFIG_LIMITS.max_chars} characters and {CONFIG_LIMITS.max_seconds:g} s"
        hint = f"a value's template may build at most {limits}; compute large values elsewhere"
        return _diag("MC104", span, f"template exceeds a sandbox limit: {detail}", hint)
    if isinstance(exc, RecursionError):
        detail = "templates recurse too deeply"
    return _diag("MC104", span, f"template error: {detail}")


def _budget_spent(seconds: float, span: Span) -> Diagnostic:
    message = f"not rendered: this project's templates used up their {seconds:g} s time budget"
    return _diag("MC104", span, message, "make the slow templates above simpler")


def _secret_rendered(secrets_read: list[str], span: Span) -> Diagnostic:
    if secrets_read:
        message = f"template renders a value derived from `{secrets_read[0]}`, which holds a secret"
    else:
        message = "template renders what looks like an API key into the config"
    return _diag("MC107", span, message, _SECRET_HINT)


def _diag(code: str, span: Span, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, hint)


def _env_error(detail: str, span: Span) -> Diagnostic:
    name, _, unset = detail.partition("\0")
    if unset:
        return _diag(
            "MC105",
            span,
            f"environment variable `{name}` is not set",
            f'set it or write env("{name}", "default")',
        )
    return _diag("MC105", span, f'env("{name}") is not allowed', f"add `{name}` to `allow_env`")


def _find_templates(tree: dict[str, Any]) -> tuple[list[tuple[Path, str]], set[str]]:
    """The template strings outside `vars`, and the variables some `*_env` field names.

    Only containers are stacked with their path; a string's path is built when it is a template.
    """
    found: list[tuple[Path, str]] = []
    secret_names: set[str] = set()
    top = {k: v for k, v in tree.items() if k not in _LITERAL_KEYS}
    stack: list[tuple[Path, Any]] = [((), top)]
    while stack:
        path, node = stack.pop()
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(value, str):
                if _has_template(value):
                    found.append(((*path, key), value))
                elif isinstance(key, str) and key.endswith("_env"):
                    secret_names.add(value)
            elif isinstance(value, dict | list):
                stack.append(((*path, key), value))
    found.sort(key=lambda item: [str(p) for p in item[0]])
    return found, secret_names


def _replace(tree: Any, rendered: dict[Path, str]) -> Any:
    """A copy of the tree with the rendered strings in place (only the touched branches are copied)."""
    if not rendered:
        return tree
    root: Any = dict(tree)
    for path, value in rendered.items():
        node = root
        for key in path[:-1]:
            child = node[key]
            child = dict(child) if isinstance(child, dict) else list(child)
            node[key] = child
            node = child
        node[path[-1]] = value
    return root
