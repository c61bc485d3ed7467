"""The shape a table body must have (docs/table-format.md), and the one function that checks it.

The published JSON Schema (`modelcfg schema --table`) is the reference; this is its light twin
for the runtime, which imports no validator. A body whose content_hash is right can still be
wrong (written by hand, or by another tool), and a value of the wrong type or range would
otherwise fail deep inside a call. Presence is lenient where the runtime has a default (only
what it cannot default is required); types and ranges are strict. Unknown keys are ignored.

The spec is declarative — `obj({...})`, `num(integer=True, lo=1)`, … — and each builder
returns the check for its node, so checking is one call per value, the walk follows the spec
(a handful of levels, never the data's depth) and a path is built only for a failure. Plain
closures rather than dataclasses keep `import modelcfg.runtime` fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

CLASSES = ("small", "medium", "large", "embedding", "image")
APIS = ("openai", "anthropic", "anthropic-vertex", "gemini")
SCOPES = ("process", "redis")


class Problem:
    """What is wrong, and where: `path` is filled innermost first as the check unwinds."""

    __slots__ = ("path", "what")

    def __init__(self, what: str, path: list[str | int] | None = None) -> None:
        self.what = what
        self.path: list[str | int] = path or []


Check = Callable[[Any], Problem | None]
_BIG = sys.float_info.max  # open bounds still refuse inf and nan


def num(
    *,
    integer: bool = False,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    nullable: bool = False,
) -> Check:
    """A finite number (an integer when `integer`) within `lo`..`hi`; `lo_open` excludes `lo`."""
    low, high = -_BIG if lo is None else lo, _BIG if hi is None else hi
    types = (int,) if integer else (int, float)
    expected = _range_text("an integer" if integer else "a number", lo, hi, lo_open)

    def check(v: Any) -> Problem | None:
        if type(v) in types and (v > low if lo_open else v >= low) and v <= high:
            return None
        if v is None and nullable:
            return None
        return Problem(f"expected {expected}, got {_shown(v)}")

    return check


def text(*, nullable: bool = False) -> Check:
    return _scalar(lambda v: type(v) is str, "a string", nullable)


def flag() -> Check:
    return _scalar(lambda v: type(v) is bool, "true or false", False)


def one_of(values: tuple[str, ...]) -> Check:
    return _scalar(lambda v: type(v) is str and v in values, "one of " + ", ".join(values), False)


def list_of(item: Check, min_items: int = 0, *, nullable: bool = False) -> Check:
    expected = "a non-empty list" if min_items else "a list"

    def check(v: Any) -> Problem | None:
        if not isinstance(v, list | tuple) or len(v) < min_items:
            return None if v is None and nullable else Problem(f"expected {expected}, got {_shown(v)}")
        for i, x in enumerate(v):
            problem = item(x)
            if problem is not None:
                problem.path.append(i)
                return problem
        return None

    return check


def obj(fields: Mapping[str, Check], required: tuple[str, ...] = (), *, nullable: bool = False) -> Check:
    """An object with known fields; `required` are the ones the runtime cannot default."""
    known = tuple(fields.items())

    def check(v: Any) -> Problem | None:
        if not isinstance(v, dict):
            return None if v is None and nullable else Problem(f"expected an object, got {_shown(v)}")
        for k in required:
            if k not in v:
                return Problem("missing (the runtime cannot do without it)", [k])
        for k, sub in known:
            if k in v:
                problem = sub(v[k])
                if problem is not None:
                    problem.path.append(k)
                    return problem
        return None

    return check


def map_of(value: Check, keys: tuple[str, ...] = ()) -> Check:
    """An object with any keys (or keys from `keys`), every value of one shape."""

    def check(v: Any) -> Problem | None:
        if not isinstance(v, dict):
            return Problem(f"expected an object, got {_shown(v)}")
        for k, x in v.items():
            if keys and k not in keys:
                return Problem(f"unknown key; expected one of {', '.join(keys)}", [k])
            problem = value(x)
            if problem is not None:
                problem.path.append(k)
                return problem
        return None

    return check


def _range_text(kind: str, lo: float | None, hi: float | None, lo_open: bool) -> str:
    if lo is not None and hi is not None:
        low = f"> {_n(lo)} and ≤" if lo_open else f"from {_n(lo)} to"
        return f"{kind} {low} {_n(hi)}"
    if lo is not None:
        return f"{kind} {'>' if lo_open else '≥'} {_n(lo)}"
    return kind


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _scalar(fits: Callable[[Any], bool], expected: str, nullable: bool) -> Check:
    def check(v: Any) -> Problem | None:
        if fits(v) or (v is None and nullable):
            return None
        return Problem(f"expected {expected}, got {_shown(v)}")

    return check


_INT_POS = num(integer=True, lo=1)
_STRS = list_of(text())
_CLASS = one_of(CLASSES)
_SCOPE = one_of(SCOPES)
_POSITIVE = num(lo=0, lo_open=True)
_NON_NEGATIVE = num(lo=0)

SETTINGS = obj(
    {
        "temperature": num(lo=0, hi=2),
        "top_p": num(lo=0, hi=1, lo_open=True),
        "top_k": _INT_POS,
        "frequency_penalty": num(lo=-2, hi=2),
        "presence_penalty": num(lo=-2, hi=2),
        "repetition_penalty": num(lo=0, hi=10, lo_open=True),
        "stop": _STRS,
        "seed": num(integer=True),
    }
)
RATE_LIMITS = obj(
    {
        "rpm": num(integer=True, lo=1, nullable=True),
        "tpm": num(integer=True, lo=1, nullable=True),
        "max_concurrency": num(integer=True, lo=1, nullable=True),
        "scope": _SCOPE,
        "redis_url_env": text(),
        "max_wait_s": _NON_NEGATIVE,
        "local_share": num(lo=0, hi=1, lo_open=True),
    },
    nullable=True,
)
MODEL = obj(
    {
        "id": text(),
        "settings": SETTINGS,
        "max_input_tokens": num(integer=True, lo=1, nullable=True),
        "max_output_tokens": num(integer=True, lo=1, nullable=True),
        "dimensions": num(integer=True, lo=1, nullable=True),
        "capabilities": _STRS,
        "embedding": obj({"cache": flag(), "batch_size": num(integer=True, lo=1, hi=2048)}, nullable=True),
        "image": obj(
            {
                "steps": num(integer=True, lo=1, hi=500, nullable=True),
                "size": text(nullable=True),
                "n": num(integer=True, lo=1, hi=10),
            },
            nullable=True,
        ),
        "rate_limits": RATE_LIMITS,
        "unsupported_settings": _STRS,
    },
    required=("id",),
)
PROVIDER = obj(
    {
        "api": one_of(APIS),
        "endpoint": text(),
        "api_key_env": text(nullable=True),
        "token_command": list_of(text(), nullable=True),
        "headers": map_of(text()),
        "vertex": obj({"project": text(), "region": text()}, nullable=True),
        "timeout_s": num(lo=0, hi=3600, lo_open=True),
        "enabled": flag(),
        "models": map_of(MODEL, keys=CLASSES),
    },
    required=("api", "models"),
)
_ROUTE: dict[str, Check] = {"class": _CLASS, "provider": text(nullable=True), "profile": text(nullable=True)}
SELECTION = obj(
    {
        "default_provider": text(nullable=True),
        "default_class": _CLASS,
        "default_profile": text(nullable=True),
        "rules": list_of(
            obj(
                {
                    "when": obj(
                        {
                            "speed": one_of(("fast", "normal", "slow")),
                            "complexity": one_of(("low", "medium", "high")),
                            "min_context": _INT_POS,
                            "needs": _STRS,
                            "task": text(),
                        }
                    ),
                    **_ROUTE,
                },
                required=("class",),
            )
        ),
        "tasks": map_of(obj({**_ROUTE, "needs": _STRS}, required=("class",))),
    }
)
FAILOVER = obj(
    {
        "chains": map_of(list_of(obj({"provider": text(), "class": _CLASS}, ("provider", "class")), 1)),
        "retry": obj(
            {
                "attempts": num(integer=True, lo=1, hi=20),
                "backoff_initial_s": _NON_NEGATIVE,
                "backoff_max_s": _NON_NEGATIVE,
                "backoff_multiplier": num(lo=1),
                "jitter_s": _NON_NEGATIVE,
                "total_timeout_s": _POSITIVE,
                "retry_on_status": list_of(num(integer=True, lo=100, hi=599)),
                "honor_retry_after": flag(),
                "retry_on_server_errors": flag(),
            }
        ),
        "breaker": obj(
            {"failure_threshold": _INT_POS, "cooldown_s": _POSITIVE, "scope": _SCOPE, "redis_url_env": text()}
        ),
    }
)
CACHE = obj(
    {
        "embeddings": obj(
            {
                "memory": obj({"enabled": flag(), "ttl_s": _POSITIVE, "max_entries": _INT_POS}),
                "disk": obj(
                    {
                        "enabled": flag(),
                        "path": text(nullable=True),
                        "size_limit_mb": _INT_POS,
                        "ttl_s": num(lo=0, lo_open=True, nullable=True),
                    }
                ),
                "redis": obj(
                    {
                        "enabled": flag(),
                        "url_env": text(),
                        "ttl_s": _POSITIVE,
                        "timeout_s": _POSITIVE,
                        "key_prefix": text(),
                    }
                ),
            }
        )
    }
)
BODY = obj(
    {
        "providers": map_of(PROVIDER),
        "profiles": map_of(SETTINGS),
        "selection": SELECTION,
        "failover": FAILOVER,
        "cache": CACHE,
    },
    required=("providers",),
)
ENVELOPE = obj(
    {
        "environment": text(nullable=True),
        "sources": list_of(obj({"layer": text(), "path": text(), "sha256": text()})),
        "body": obj({}),
    },
)


def shape_problem(value: Any, check: Check | None = None, root: str = "body") -> str | None:
    """The first place where `value` does not fit `check` (default: BODY), as `path: expected …,
    got …` (paths relative to the body, as docs/table-format.md writes them); None if it fits."""
    problem = (check or BODY)(value)
    if problem is None:
        return None
    path = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in reversed(problem.path))
    return f"{path.lstrip('.') or root}: {problem.what}"


def _shown(value: Any) -> str:
    """A short rendering of a wrong value: containers by kind, scalars as JSON; a string longer
    than 24 characters only by its length, since it may be a credential pasted in the wrong place."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str) and len(value) > 24:
        return f"a string of {len(value)} characters"
    rendered = json.dumps(value, ensure_ascii=False)
    return rendered if len(rendered) <= 40 else rendered[:37] + "..."
