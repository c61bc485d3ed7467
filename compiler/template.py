"""Render Jinja2 expressions in string values: `{{ vars.region }}`, `{{ env("NAME") }}`.

Rendering happens in an `ImmutableSandboxedEnvironment` with `StrictUndefined`:
templates read `vars` and the variables listed in `allow_env`, nothing else (no
attributes of Python objects, imports or files). Only strings containing `{{`
or `{%` are rendered. `vars` itself is literal. A rendered value that looks like
an API key is refused: secrets stay in environment variables named by `api_key_env`.
"""

from collections.abc import Callable, Mapping
from typing import Any

from modelcfg.schema.secrets import find_secret

from .diagnostic import Diagnostic, Severity, Span
from .source import Path

__all__ = ["render_tree"]

_MARKERS = ("{{", "{%")
_LITERAL_KEYS = frozenset({"vars"})


class _EnvNotAllowed(Exception):
    pass


def _has_template(value: str) -> bool:
    return "{{" in value or "{%" in value


def render_tree(
    tree: dict[str, Any],
    environ: Mapping[str, str],
    span_of: Callable[[Path], Span],
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The tree with every template string rendered, and the errors found."""
    found = _find_templates(tree)
    if not found:
        return tree, []
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    allowed = tree.get("allow_env")
    allow = {a for a in allowed if isinstance(a, str)} if isinstance(allowed, list) else set()

    def env(name: str, default: str | None = None) -> str:
        if name not in allow:
            raise _EnvNotAllowed(name)
        value = environ.get(name, default)
        if value is None:
            raise _EnvNotAllowed(f"{name}\0unset")
        return value

    jinja = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    jinja.globals.clear()
    context: dict[str, Any] = {
        "vars": tree.get("vars") if isinstance(tree.get("vars"), dict) else {},
        "env": env,
    }
    diagnostics: list[Diagnostic] = []
    rendered: dict[Path, str] = {}
    for path, text in found:
        try:
            value = jinja.from_string(text).render(context)
        except _EnvNotAllowed as exc:
            diagnostics.append(_env_error(str(exc), span_of(path)))
            continue
        except TemplateError as exc:
            diagnostics.append(_diag("MC104", span_of(path), f"template error: {exc.message or exc}"))
            continue
        except Exception as exc:  # a sandbox refusal or an error inside a filter
            diagnostics.append(_diag("MC104", span_of(path), f"template error: {exc}"))
            continue
        if find_secret(value) and not find_secret(text):
            diagnostics.append(
                _diag(
                    "MC107",
                    span_of(path),
                    "template renders what looks like an API key into the config",
                    "name the variable in `api_key_env` instead of rendering its value",
                )
            )
            continue
        rendered[path] = value
    return _replace(tree, rendered), diagnostics


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


def _find_templates(tree: dict[str, Any]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    stack: list[tuple[Path, Any]] = [((k,), v) for k, v in tree.items() if k not in _LITERAL_KEYS]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if _has_template(node):
                found.append((path, node))
        elif isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
    found.sort(key=lambda item: [str(p) for p in item[0]])
    return found


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
