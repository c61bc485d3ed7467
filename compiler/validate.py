"""Validate the merged tree against the schema; map every error to where its value was written.

pydantic reports all errors at once with a location path; we turn each into a
Diagnostic at the file:line:col of the layer that set the value (the parent key
for a missing field), with a "did you mean" for unknown keys. Input values are
shown masked when they look like a secret.
"""

import difflib
import re
import types
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from typing import Annotated, Any, Union, get_args, get_origin

from modelcfg.schema import Document
from modelcfg.schema.keys import snake_case, suggest_key
from modelcfg.schema.secrets import find_secret, mask, scan_tree
from pydantic import BaseModel, ValidationError

from .diagnostic import Diagnostic, Severity, Span
from .source import Path, child, value_at

__all__ = ["find_literal_secrets", "validate_tree"]

SpanOf = Callable[[Path, bool], Span]
RelatedOf = Callable[[Path], tuple[Span, ...]]

_RANGE = {
    "greater_than": ("gt", ">"),
    "greater_than_equal": ("ge", "≥"),
    "less_than": ("lt", "<"),
    "less_than_equal": ("le", "≤"),
    "too_short": ("min_length", "at least"),
    "too_long": ("max_length", "at most"),
}
_KINDS = {
    "int": "an integer",
    "float": "a number",
    "string": "a string",
    "bool": "true or false",
    "dict": "a mapping",
    "model": "a mapping",
    "model_attributes": "a mapping",
    "list": "a list",
}
_UNION_TAGS = re.compile(
    r"^(str|int|float|bool|list\[.*\]|dict\[.*\]|[A-Z]\w*|function-\w+\[.*\]|nullable\[.*\])$"
)


def validate_tree(
    tree: dict[str, Any], span_of: SpanOf, related_of: RelatedOf = lambda path: ()
) -> tuple[Document | None, list[Diagnostic]]:
    """The Document, or None and one diagnostic per problem."""
    clean = {k: v for k, v in tree.items() if k != "extends"}
    try:
        return Document.model_validate(clean), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    diagnostics: dict[tuple[Span, str], Diagnostic] = {}
    for error in _drop_other_branches(tree, errors):
        diagnostic = _diagnostic(tree, error, span_of, related_of)
        # one entry per place and message; wrong types per place: `str | ModelSpec` fails both ways
        key = (diagnostic.span, "MC102" if diagnostic.code == "MC102" else diagnostic.message)
        known = diagnostics.get(key)
        if known is None:
            diagnostics[key] = diagnostic
        elif diagnostic.code == "MC102" and known.message != diagnostic.message:
            head, _, got = known.message.partition(" (got ")
            kind = diagnostic.message.split(" must be ", 1)[1].partition(" (got ")[0]
            diagnostics[key] = replace(known, message=f"{head} or {kind} (got {got}")
    return None, list(diagnostics.values())


def _walk(tree: Any, loc: tuple[Any, ...]) -> tuple[Path, tuple[str, ...], bool]:
    """The tree path a pydantic location points at, the union tags it went through, and
    whether it points at a mapping key (`[key]`) rather than a value."""
    node = tree
    path: list[str | int] = []
    tags: list[str] = []
    for elem in loc:
        if elem == "[key]":
            return tuple(path), tuple(tags), True
        found, value = child(node, elem)
        if found:
            node = value
            path.append(elem)
        elif isinstance(elem, str) and _UNION_TAGS.match(elem):
            tags.append(elem)
        else:
            path.append(elem)
            node = None
    return tuple(path), tuple(tags), False


def _value(tree: Any, path: Path) -> Any:
    return value_at(tree, path)[1]


def _drop_other_branches(tree: Any, errors: list[Any]) -> Iterator[Any]:
    """For `str | Model` unions, keep only the errors of the branch the value is written as."""
    for error in errors:
        _, tags, _ = _walk(tree, error["loc"])
        if tags:
            tag = tags[-1]
            holder = _value(tree, _tag_parent(tree, error["loc"], tag))
            if tag == "str" and isinstance(holder, dict):
                continue
            if tag[:1].isupper() and isinstance(holder, str):
                continue
        yield error


def _tag_parent(tree: Any, loc: tuple[Any, ...], tag: str) -> Path:
    index = loc.index(tag)
    path, _, _ = _walk(tree, loc[:index])
    return path


def _field(path: Path) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "value"


def _show(value: Any) -> str:
    """A value as the user wrote it, with anything that looks like a secret masked."""
    if isinstance(value, str):
        secret = find_secret(value)
        shown = value.replace(secret, mask(secret)) if secret else value
        return f'"{shown[:60]}…"' if len(shown) > 60 else f'"{shown}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _diagnostic(tree: Any, error: Any, span_of: SpanOf, related_of: RelatedOf) -> Diagnostic:
    path, _, is_key = _walk(tree, error["loc"])
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    field = _field(path)
    got = _show(error.get("input"))
    hint = None
    if kind == "extra_forbidden":
        code, message = "MC101", f"unknown key `{path[-1]}`"
        model = _model_at(error["loc"][:-1])
        hint = _did_you_mean(str(path[-1]), _fields(model), _nested_fields(model))
        if hint is None or hint.startswith("valid keys"):
            hint = _belongs_higher(str(path[-1]), path, error["loc"]) or hint
        return Diagnostic(code, Severity.ERROR, message, span_of(path, True), hint)
    if kind == "missing":
        parent = path[:-1]
        where = ".".join(map(str, parent)) or "the document"
        message = f"missing required field `{field}` in `{where}`"
        return Diagnostic("MC103", Severity.ERROR, message, span_of(parent, True), f"add `{field}:`")
    if is_key:
        key = error.get("input")
        message = f"`{key}` is not a valid key under `{_field(path[:-1])}`"
        hint = _did_you_mean(str(key), _expected(ctx))
        return Diagnostic("MC204", Severity.ERROR, message, span_of(path, True), hint)
    if kind in _RANGE:
        name, sign = _RANGE[kind]
        code, message = "MC203", f"{field} must be {sign} {_number(ctx.get(name))} (got {got})"
        if kind in ("too_short", "too_long"):
            code, message = "MC203", f"{field} must have {sign} {ctx.get(name)} items"
    elif kind in ("enum", "literal_error"):
        expected = _expected(ctx)
        allowed = expected[0] if len(expected) == 1 else f"one of {', '.join(expected)}"
        code, message = "MC204", f"{field} must be {allowed} (got {got})"
        hint = _did_you_mean(str(error.get("input")), expected) if len(expected) > 1 else None
    elif kind == "string_pattern_mismatch":
        code, message = "MC205", f"{field} must match `{ctx.get('pattern')}` (got {got})"
    elif kind == "value_error":
        code, message = _value_error(field, str(ctx.get("error", error["msg"])))
    else:
        base = kind.removesuffix("_type").removesuffix("_parsing").removesuffix("_from_float")
        expected_kind = _KINDS.get(base, base.replace("_", " "))
        if kind == "int_from_float":
            expected_kind = "an integer"
        code, message = "MC102", f"{field} must be {expected_kind} (got {got})"
    return Diagnostic(code, Severity.ERROR, message, span_of(path, False), hint, related_of(path))


def _value_error(field: str, text: str) -> tuple[str, str]:
    text = text.removeprefix("Value error, ")
    if field == "endpoint":
        return "MC201", text
    if field == "api_key_env" and "literal" in text:
        return "MC202", text
    if field in ("api_key_env", "url_env", "redis_url_env"):
        return "MC205", text
    return "MC206", f"{field}: {text}" if field not in text else text


def _belongs_higher(word: str, path: Path, loc: tuple[Any, ...]) -> str | None:
    """`maxInputTokens` under `settings`: the key exists, one section up (the seed's layout)."""
    for depth in (2, 3):
        if len(loc) < depth:
            break
        known = suggest_key(word, _fields(_model_at(loc[:-depth])))
        if known is not None:
            owner = ".".join(map(str, path[: len(path) - depth])) or "the document root"
            return f"did you mean `{known}`? it belongs to `{owner}`, not to `{_field(path[:-1])}`"
    return None


def _expected(ctx: dict[str, Any]) -> list[str]:
    """pydantic's `'a', 'b' or 'c'` as a list; unquoted literals (`1`, `1 or 2`) too."""
    expected = str(ctx.get("expected", ""))
    quoted = re.findall(r"'([^']*)'", expected)
    return quoted or [part for part in re.split(r",\s*|\s+or\s+", expected) if part]


def _did_you_mean(word: str, options: list[str], nested: Sequence[str] = ()) -> str | None:
    """The closest field (camelCase read as snake_case), else a field one level down, else the list."""
    if not options:
        return None
    known = suggest_key(word, options)
    if known is not None:
        return f"did you mean `{known}`?"
    snake = snake_case(word)
    close = difflib.get_close_matches(snake, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    by_leaf = {name.rsplit(".", 1)[-1]: name for name in nested}
    close = difflib.get_close_matches(snake, list(by_leaf), n=1, cutoff=0.75)
    if close:
        return f"did you mean `{by_leaf[close[0]]}`?"
    return "valid keys: " + ", ".join(options)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model a pydantic location points into."""
    tp: Any = Document
    for elem in loc:
        tp = _step(tp, elem)
        if tp is None:
            return None
    return _model_of(tp)


def _fields(model: type[BaseModel] | None) -> list[str]:
    return sorted(info.alias or name for name, info in model.model_fields.items()) if model else []


def _nested_fields(model: type[BaseModel] | None) -> list[str]:
    """`settings.temperature` and the like: fields of the model's sub-sections."""
    if model is None:
        return []
    return sorted(
        f"{info.alias or name}.{sub}"
        for name, info in model.model_fields.items()
        for sub in _fields(_model_of(info.annotation))
    )


def _members(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is Annotated:
        return _members(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [m for a in get_args(tp) for m in _members(a) if m is not type(None)]
    return [tp]


def _model_of(tp: Any) -> type[BaseModel] | None:
    models = [m for m in _members(tp) if isinstance(m, type) and issubclass(m, BaseModel)]
    return models[0] if len(models) == 1 else None


def _step(tp: Any, elem: Any) -> Any:
    members = _members(tp)
    for member in members:
        if isinstance(elem, str) and getattr(member, "__name__", None) == elem:
            return member
    if isinstance(elem, str) and _UNION_TAGS.match(elem) and len(members) > 1:
        return tp
    model = _model_of(tp)
    if model is not None and len(members) == 1:
        for name, info in model.model_fields.items():
            if elem in (name, info.alias):
                return info.annotation
        return None
    for member in members:
        origin = get_origin(member)
        if origin is dict:
            return get_args(member)[1]
        if origin is list:
            return get_args(member)[0]
    return None


def find_literal_secrets(
    tree: dict[str, Any], span_of: SpanOf, reported: Collection[Span] = ()
) -> list[Diagnostic]:
    """MC202 for every key or string value of the merged tree that looks like an API key.

    The decoded tree is walked, not file text, so escapes (`"sk-\\u0070roj-…"`), `--set` and
    `MODELCFG__` values are seen. ``reported`` holds the spans the schema already flagged (a
    literal `api_key_env`). Keys in values a later layer overrides are lint's MC501.
    """
    found = []
    hint = "put the key in an environment variable and name it in `api_key_env`"
    for path, secret, is_key in scan_tree(tree):
        span = span_of(path, is_key)
        if span in reported:
            continue
        if is_key:
            where = ".".join(map(str, path[:-1])) or "the document"
            message = f"key `{mask(secret)}` under `{where}` looks like a literal API key"
        else:
            message = f"{_field(path)} holds what looks like a literal API key ({mask(secret)})"
        found.append(Diagnostic("MC202", Severity.ERROR, message, span, hint))
    return found
