"""YAML 1.2 core-schema resolution of scalars: plain text → None, bool, int, float or str."""

import re
from typing import Any

__all__ = ["CORE", "CORE_TAGS", "INT64", "ScalarError", "plain", "tagged"]

CORE = "tag:yaml.org,2002:"
CORE_TAGS = {f"{CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_MAYBE_TYPED = frozenset("-+.0123456789~nNtTfF")
#: Integers a table holds (TOML's range; JSON readers in other languages lose precision beyond).
INT64 = range(-(2**63), 2**63)


class ScalarError(ValueError):
    """A scalar the config cannot hold; ``code`` is the diagnostic code to report."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def plain(value: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema (`no` and `on` stay strings)."""
    if value and value[0] not in _MAYBE_TYPED:
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT_RE.fullmatch(value):
        return _int(value)
    if _FLOAT_RE.fullmatch(value):
        return float(value)
    if _SPECIAL_FLOAT_RE.fullmatch(value):
        return float(value.replace(".", "", 1))
    return value


def _int(value: str) -> int:
    try:
        if value.startswith("0o"):
            number = int(value[2:], 8)
        elif value.startswith("0x"):
            number = int(value[2:], 16)
        else:
            number = int(value)
    except ValueError:  # over Python's int-string limit (sys.get_int_max_str_digits)
        number = INT64.stop
    if number not in INT64:
        shown = value if len(value) <= 24 else value[:12] + "…"
        raise ScalarError("MC012", f"`{shown}` is outside the 64-bit integer range")
    return number


def tagged(tag: str, value: str) -> Any:
    """The value of a scalar with an explicit core tag (`!!str 3`, `!!float 1`)."""
    if tag.endswith(":str") or tag == "!":
        return value
    resolved = plain(value)
    want = tag[len(CORE) :]
    kinds = {"int": (int,), "float": (float, int), "bool": (bool,), "null": (type(None),)}
    if want not in kinds or isinstance(resolved, bool) != (want == "bool"):
        raise ScalarError("MC003", f"`{value}` is not a valid !!{want}")
    if not isinstance(resolved, kinds[want]):
        raise ScalarError("MC003", f"`{value}` is not a valid !!{want}")
    return float(resolved) if want == "float" and isinstance(resolved, int | float) else resolved
