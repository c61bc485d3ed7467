"""Which variable a LiteLLM deployment's key goes to, and where literal keys hide.

A variable the input names (`os.environ/VAR`) is kept; a literal key is never copied but gets a
variable named after its provider, so two hosts never share one; a deployment with no key reads
LiteLLM's own variable only on that provider's own host. Keys found in an `api_base` query
string or a header are taken out of them.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from modelcfg.schema.secrets import find_secret, mask

from ..diagnostic import Severity, Span
from .imported import GUESSED, LITERAL_KEY, key_span, value_span
from .litellm_names import DEFAULT_ENDPOINT, KEY_VARIABLE

if TYPE_CHECKING:
    from .litellm_deployment import Provider, State

ENV_REF_RE = re.compile(r"^os\.environ/([A-Za-z_][A-Za-z0-9_]*)$")

#: `api_key` values people write for servers that take no key (LiteLLM requires some string).
PLACEHOLDER_KEYS = frozenset(
    {
        "none",
        "empty",
        "fake",
        "fake-key",
        "fake-api-key",
        "dummy",
        "na",
        "n/a",
        "not-needed",
        "no-key",
        "sk-no-key-required",
        "ollama",
        "lm-studio",
        "x",
        "-",
        "null",
        "placeholder",
        "key",
        "anything",
        "local",
        "changeme",
    }
)
PLACEHOLDER_WORDS = ("dummy", "fake", "placeholder", "not-needed", "no-key", "not-used", "unused")


@dataclass(frozen=True, slots=True)
class Key:
    identity: tuple[str, ...]
    variable: str | None = None
    literal: str | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """A literal key found in a header or the api_base query string."""

    value: str
    span: Span
    where: str


def fresh_variable(provider: str, state: "State") -> str:
    """`<PROVIDER>_API_KEY`, made unique among the variables the document already names."""
    base = re.sub(r"[^A-Za-z0-9]", "_", provider).upper() + "_API_KEY"
    name, n = base, 2
    while name in state.variables:
        name, n = f"{base[: -len('_API_KEY')]}_{n}_API_KEY", n + 1
    return name


def without_query_keys(url: str, span: Span, hidden: list[Found]) -> str:
    """``url`` without query parameters that hold a key (`?key=AIza…`); the keys go to ``hidden``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if find_secret(value):
            hidden.append(Found(value, span, f"query parameter `{name}` of `api_base`"))
        else:
            kept.append((name, value))
    return urlunsplit(parts._replace(query=urlencode(kept)))


def headers_of(params: Mapping[str, Any], state: "State", hidden: list[Found]) -> dict[str, str]:
    extra = params.get("extra_headers")
    if not isinstance(extra, Mapping):
        return {}
    headers: dict[str, str] = {}
    for name, value in extra.items():
        text, span = str(value), value_span(extra, name, state.label)
        if ENV_REF_RE.match(text):
            state.result.dropped(
                f"extra_headers.{name}",
                f"a header read from {text}: modelcfg sends a provider's key only through `api_key_env`, "
                "and writes no variable's value into headers",
                span,
                severity=Severity.WARNING,
            )
        elif find_secret(text) or find_secret(str(name)):
            hidden.append(Found(text, span, f"header `{name}`"))
        else:
            headers[str(name)] = text
    return headers


def hidden_key(secret: Found, provider: "Provider", state: "State") -> None:
    """A literal key from a header or query string: never copied; the provider's key if it has none."""
    if "api_key_env" not in provider.doc:
        variable = fresh_variable(provider.name, state)
        provider.doc["api_key_env"] = variable
        state.variables.add(variable)
        state.result.literal_key(secret.value, variable, secret.span)
        state.result.report(
            GUESSED,
            Severity.INFO,
            f"the key from the {secret.where} is sent as the `{provider.doc['api']}` API's own auth header",
            secret.span,
        )
        return
    state.result.report(
        LITERAL_KEY,
        Severity.WARNING,
        f"literal API key {mask(find_secret(secret.value) or secret.value)} in the {secret.where} not "
        f"copied: provider `{provider.name}` already reads its key from ${provider.doc['api_key_env']}",
        secret.span,
        "modelcfg sends one key per provider; drop the extra one",
    )


def key_of(prefix: str, endpoint: str, params: Mapping[str, Any], state: "State", hidden: list[Found]) -> Key:
    value = params.get("api_key")
    where = key_span(params, "model", state.label)
    if value is None or value == "":
        if hidden:
            return Key(("literal", hidden[0].value))
        return conventional_key(prefix, endpoint, where, state)
    text = str(value)
    match = ENV_REF_RE.match(text)
    if match:
        return Key(("env", match.group(1)), match.group(1))
    if placeholder(text):
        state.result.report(
            GUESSED,
            Severity.INFO,
            f"`api_key: {text}` is a placeholder: the server takes no key, and the project sends none",
            value_span(params, "api_key", state.label),
        )
        return Key(("none",))
    return Key(("literal", text), literal=text)


def placeholder(text: str) -> bool:
    """`none`, `dummy-key`, `fake`: what people write for servers that take no key."""
    lowered = text.strip().lower()
    if find_secret(text):
        return False
    return lowered in PLACEHOLDER_KEYS or any(w in lowered for w in PLACEHOLDER_WORDS)


def conventional_key(prefix: str, endpoint: str, where: Span, state: "State") -> Key:
    """No `api_key`: what LiteLLM reads, kept only for the provider's own host."""
    if prefix == "vertex_ai":
        return Key(("adc",))
    variable = KEY_VARIABLE.get(prefix)
    if variable is None:
        return Key(("none",))
    if DEFAULT_ENDPOINT.get(prefix) == endpoint:
        state.result.report(
            GUESSED,
            Severity.INFO,
            f"no `api_key`: LiteLLM reads ${variable} for `{prefix}`, and so does the project",
            where,
        )
        return Key(("env", variable), variable)
    host = urlsplit(endpoint).hostname or endpoint
    state.result.report(
        GUESSED,
        Severity.INFO,
        f"no `api_key`: LiteLLM would send ${variable} (the key of `{prefix}`'s own API) to {host}; "
        "the project sends no key there",
        where,
        "add `api_key_env` to the provider if this server needs a key",
    )
    return Key(("none",))
