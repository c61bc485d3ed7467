"""The shape a table body must have (docs/table-format.md), and the one function that checks it.

The published JSON Schema (`modelcfg schema --table`) is the reference; this is its light twin
for the runtime, which imports no validator. A body whose content_hash is right can still be
wrong (written by hand, or by another tool), and a value of the wrong type or range would
otherwise fail deep inside a call. Presence is lenient where the runtime has a default (only
what it cannot default is required); types and ranges are strict. Unknown keys are ignored.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

CLASSES = ("small", "medium", "large", "embedding", "image")
APIS = ("openai", "anthropic", "anthropic-vertex", "gemini")
SCOPES = ("process", "redis")


@dataclass(frozen=True, slots=True)
class Num:
    """A finite number (an integer when `integer`) within `lo`..`hi`; `lo_open` excludes `lo`."""

    integer: bool = False
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    nullable: bool = False

    def expected(self) -> str:
        kind = "an integer" if self.integer else "a number"
        if self.lo is not None and self.hi is not None:
            low = f"> {_n(self.lo)} and ≤" if self.lo_open else f"from {_n(self.lo)} to"
            return f"{kind} {low} {_n(self.hi)}"
        if self.lo is not None:
            return f"{kind} {'>' if self.lo_open else '≥'} {_n(self.lo)}"
        return kind


@dataclass(frozen=True, slots=True)
class Text:
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    """true or false."""


@dataclass(frozen=True, slots=True)
class OneOf:
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Spec
    min_items: int = 0
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Obj:
    """An object with known fields; `required` are the ones the runtime cannot default."""

    fields: Mapping[str, Spec]
    required: tuple[str, ...] = ()
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class MapOf:
    """An object with any keys (or keys from `keys`), every value of one shape."""

    value: Spec
    keys: tuple[str, ...] = field(default=())


Spec = Union[Num, Text, Flag, OneOf, ListOf, Obj, MapOf]  # noqa: UP007 (a runtime alias, 3.11 safe)

_INT_POS = Num(integer=True, lo=1)
_STRS = ListOf(Text())
_CLASS = OneOf(CLASSES)
_SCOPE = OneOf(SCOPES)
_POSITIVE = Num(lo=0, lo_open=True)
_NON_NEGATIVE = Num(lo=0)

SETTINGS = Obj(
    {
        "temperature": Num(lo=0, hi=2),
        "top_p": Num(lo=0, hi=1, lo_open=True),
        "top_k": _INT_POS,
        "frequency_penalty": Num(lo=-2, hi=2),
        "presence_penalty": Num(lo=-2, hi=2),
        "repetition_penalty": Num(lo=0, hi=10, lo_open=True),
        "stop": _STRS,
        "seed": Num(integer=True),
    }
)
RATE_LIMITS = Obj(
    {
        "rpm": Num(integer=True, lo=1, nullable=True),
        "tpm": Num(integer=True, lo=1, nullable=True),
        "max_concurrency": Num(integer=True, lo=1, nullable=True),
        "scope": _SCOPE,
        "redis_url_env": Text(),
        "max_wait_s": _NON_NEGATIVE,
        "local_share": Num(lo=0, hi=1, lo_open=True),
    },
    nullable=True,
)
MODEL = Obj(
    {
        "id": Text(),
        "settings": SETTINGS,
        "max_input_tokens": Num(integer=True, lo=1, nullable=True),
        "max_output_tokens": Num(integer=True, lo=1, nullable=True),
        "dimensions": Num(integer=True, lo=1, nullable=True),
        "capabilities": _STRS,
        "embedding": Obj({"cache": Flag(), "batch_size": Num(integer=True, lo=1, hi=2048)}, nullable=True),
        "image": Obj(
            {
                "steps": Num(integer=True, lo=1, hi=500, nullable=True),
                "size": Text(nullable=True),
                "n": Num(integer=True, lo=1, hi=10),
            },
            nullable=True,
        ),
        "rate_limits": RATE_LIMITS,
        "unsupported_settings": _STRS,
    },
    required=("id",),
)
PROVIDER = Obj(
    {
        "api": OneOf(APIS),
        "endpoint": Text(),
        "api_key_env": Text(nullable=True),
        "token_command": ListOf(Text(), nullable=True),
        "headers": MapOf(Text()),
        "vertex": Obj({"project": Text(), "region": Text()}, nullable=True),
        "timeout_s": Num(lo=0, hi=3600, lo_open=True),
        "enabled": Flag(),
        "models": MapOf(MODEL, keys=CLASSES),
    },
    required=("api", "models"),
)
_ROUTE: dict[str, Spec] = {"class": _CLASS, "provider": Text(nullable=True), "profile": Text(nullable=True)}
SELECTION = Obj(
    {
        "default_provider": Text(nullable=True),
        "default_class": _CLASS,
        "default_profile": Text(nullable=True),
        "rules": ListOf(
            Obj(
                {
                    "when": Obj(
                        {
                            "speed": OneOf(("fast", "normal", "slow")),
                            "complexity": OneOf(("low", "medium", "high")),
                            "min_context": _INT_POS,
                            "needs": _STRS,
                            "task": Text(),
                        }
                    ),
                    **_ROUTE,
                },
                required=("class",),
            )
        ),
        "tasks": MapOf(Obj({**_ROUTE, "needs": _STRS}, required=("class",))),
    }
)
FAILOVER = Obj(
    {
        "chains": MapOf(ListOf(Obj({"provider": Text(), "class": _CLASS}, ("provider", "class")), 1)),
        "retry": Obj(
            {
                "attempts": Num(integer=True, lo=1, hi=20),
                "backoff_initial_s": _NON_NEGATIVE,
                "backoff_max_s": _NON_NEGATIVE,
                "backoff_multiplier": Num(lo=1),
                "jitter_s": _NON_NEGATIVE,
                "total_timeout_s": _POSITIVE,
                "retry_on_status": ListOf(Num(integer=True, lo=100, hi=599)),
                "honor_retry_after": Flag(),
                "retry_on_server_errors": Flag(),
            }
        ),
        "breaker": Obj(
            {"failure_threshold": _INT_POS, "cooldown_s": _POSITIVE, "scope": _SCOPE, "redis_url_env": Text()}
        ),
    }
)
CACHE = Obj(
    {
        "embeddings": Obj(
            {
                "memory": Obj({"enabled": Flag(), "ttl_s": _POSITIVE, "max_entries": _INT_POS}),
                "disk": Obj(
                    {
                        "enabled": Flag(),
                        "path": Text(),
                        "size_limit_mb": _INT_POS,
                        "ttl_s": Num(lo=0, lo_open=True, nullable=True),
                    }
                ),
                "redis": Obj(
                    {
                        "enabled": Flag(),
                        "url_env": Text(),
                        "ttl_s": _POSITIVE,
                        "timeout_s": _POSITIVE,
                        "key_prefix": Text(),
                    }
                ),
            }
        )
    }
)
BODY = Obj(
    {
        "providers": MapOf(PROVIDER),
        "profiles": MapOf(SETTINGS),
        "selection": SELECTION,
        "failover": FAILOVER,
        "cache": CACHE,
    },
    required=("providers",),
)
ENVELOPE = Obj(
    {
        "environment": Text(nullable=True),
        "sources": ListOf(Obj({"layer": Text(), "path": Text(), "sha256": Text()})),
        "body": Obj({}),
    },
)


@dataclass(slots=True)
class _Problem:
    """What is wrong, and where: `path` is filled innermost first as the check unwinds."""

    what: str
    path: list[str | int] = field(default_factory=list)


Check = Callable[[Any], _Problem | None]


def shape_problem(value: Any, spec: Spec | None = None, root: str = "body") -> str | None:
    """The first place where `value` does not fit `spec` (default: BODY), as `path: expected …,
    got …` (paths relative to the body, as docs/table-format.md writes them); None if it fits."""
    check = _BODY_CHECK if spec is None else checker(spec)
    problem = check(value)
    if problem is None:
        return None
    path = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in reversed(problem.path))
    return f"{path.lstrip('.') or root}: {problem.what}"


def checker(spec: Spec) -> Check:
    """Compile `spec` into one check function per node: the walk follows the spec (a handful of
    levels), never the data, so a deep value cannot exhaust the stack; paths are built only on
    failure, so a fitting table costs one call per value."""
    if isinstance(spec, Num):
        return _num(spec)
    if isinstance(spec, Text):
        return _scalar(lambda v: type(v) is str, "a string", spec.nullable)
    if isinstance(spec, Flag):
        return _scalar(lambda v: type(v) is bool, "true or false", False)
    if isinstance(spec, OneOf):
        expected = "one of " + ", ".join(spec.values)
        return _scalar(lambda v: type(v) is str and v in spec.values, expected, False)
    if isinstance(spec, ListOf):
        return _list(spec)
    if isinstance(spec, Obj):
        return _obj(spec)
    return _map(spec)


def _scalar(fits: Callable[[Any], bool], expected: str, nullable: bool) -> Check:
    def check(v: Any) -> _Problem | None:
        if fits(v) or (v is None and nullable):
            return None
        return _Problem(f"expected {expected}, got {_shown(v)}")

    return check


def _num(spec: Num) -> Check:
    big = sys.float_info.max  # open bounds still refuse inf and nan
    lo, hi = -big if spec.lo is None else spec.lo, big if spec.hi is None else spec.hi
    types = (int,) if spec.integer else (int, float)

    def check(v: Any) -> _Problem | None:
        if type(v) in types and (v > lo if spec.lo_open else v >= lo) and v <= hi:
            return None
        if v is None and spec.nullable:
            return None
        return _Problem(f"expected {spec.expected()}, got {_shown(v)}")

    return check


def _list(spec: ListOf) -> Check:
    item = checker(spec.item)
    expected = "a non-empty list" if spec.min_items else "a list"

    def check(v: Any) -> _Problem | None:
        if type(v) not in (list, tuple) or len(v) < spec.min_items:
            return None if v is None and spec.nullable else _Problem(f"expected {expected}, got {_shown(v)}")
        for i, x in enumerate(v):
            problem = item(x)
            if problem is not None:
                problem.path.append(i)
                return problem
        return None

    return check


def _obj(spec: Obj) -> Check:
    fields = tuple((k, checker(sub)) for k, sub in spec.fields.items())

    def check(v: Any) -> _Problem | None:
        if type(v) is not dict:
            return None if v is None and spec.nullable else _Problem(f"expected an object, got {_shown(v)}")
        for k in spec.required:
            if k not in v:
                return _Problem("missing (the runtime cannot do without it)", [k])
        for k, sub in fields:
            if k in v:
                problem = sub(v[k])
                if problem is not None:
                    problem.path.append(k)
                    return problem
        return None

    return check


def _map(spec: MapOf) -> Check:
    value = checker(spec.value)

    def check(v: Any) -> _Problem | None:
        if type(v) is not dict:
            return _Problem(f"expected an object, got {_shown(v)}")
        for k, x in v.items():
            if spec.keys and k not in spec.keys:
                return _Problem(f"unknown key; expected one of {', '.join(spec.keys)}", [k])
            problem = value(x)
            if problem is not None:
                problem.path.append(k)
                return problem
        return None

    return check


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _shown(value: Any) -> str:
    """A short rendering of a wrong value: scalars as JSON (cut at 40 characters), containers by kind."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


_BODY_CHECK = checker(BODY)
