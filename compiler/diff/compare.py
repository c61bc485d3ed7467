"""Compare two compiled table bodies into a flat list of changes (a plain recursive walk).

Lists get the meaning their key gives them: stop sequences, capabilities and
status lists are sets; failover chains and selection rules are ordered
sequences; anything else is a value. A mapping only one side has (a removed
profile or task) is listed leaf by leaf, except whole providers and classes.
Numbers compare exactly, except that two floats a few ULPs apart (0.1 + 0.2
vs 0.3) are float noise, not a change.

Speed: a subtree equal under `==` (checked in C) is skipped without a walk.
`==` equates True with 1, which a validated table never holds at one path.
"""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

Op = Literal["added", "removed", "changed"]
Kind = Literal["value", "set", "sequence"]
Path = tuple[str, ...]

#: list keys compared as sets: order carries no meaning there.
SET_KEYS = frozenset({"stop", "capabilities", "needs", "retry_on_status"})
#: largest distance, in units in the last place, that still counts as float noise.
NOISE_ULPS = 4


@dataclass(frozen=True, slots=True)
class Change:
    """One difference at a dotted body path.

    ``entries`` holds ("+"|"-", item) for sets and (" "|"+"|"-", item) for
    sequences, in order; values carry ``old``/``new`` (None when absent).
    """

    op: Op
    kind: Kind
    path: Path
    old: Any = None
    new: Any = None
    entries: tuple[tuple[str, Any], ...] = field(default=())


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every difference between two table bodies, in walk order (old's key order, then new keys)."""
    changes: list[Change] = []
    _compare_dicts(old, new, (), changes)
    return changes


def same_number(a: float, b: float) -> bool:
    """Exact equality, forgiving only float noise (a few ULPs)."""
    if a == b:
        return True
    if isinstance(a, int) and isinstance(b, int):
        return False
    return abs(a - b) <= NOISE_ULPS * math.ulp(max(abs(a), abs(b)))


def _compare_dicts(a: Mapping[str, Any], b: Mapping[str, Any], path: Path, out: list[Change]) -> None:
    missing = object()
    for key, x in a.items():
        y = b.get(key, missing)
        if y is missing:
            _one_sided("removed", x, (*path, key), out)
        elif x is not y and not (x == y and type(x) is type(y)):  # inlined: most keys are unchanged
            _compare_values(x, y, (*path, key), out)
    for key, y in b.items():
        if key not in a:
            _one_sided("added", y, (*path, key), out)


def _one_sided(op: Op, value: Any, path: Path, out: list[Change]) -> None:
    """A value on one side only. A mapping is listed leaf by leaf, so no value is cut off
    in a one-line rendering; a whole provider or class stays one line (its summary)."""
    if isinstance(value, dict) and value and not is_unit(path):
        for key, item in value.items():
            _one_sided(op, item, (*path, key), out)
    elif op == "removed":
        out.append(Change(op, "value", path, old=value))
    else:
        out.append(Change(op, "value", path, new=value))


def is_unit(path: Path) -> bool:
    """Whether ``path`` is a whole provider or a whole model class, shown as one summary line."""
    if len(path) < 2 or path[0] != "providers":
        return False
    return len(path) == 2 or (len(path) == 4 and path[2] == "models")


def _compare_values(a: Any, b: Any, path: Path, out: list[Change]) -> None:
    # `==` runs in C and settles the common unchanged subtree at once; it also
    # equates 1 and 1.0, which are the same number in a table.
    if (a == b and type(a) is type(b)) or (_both_numbers(a, b) and same_number(a, b)):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        _compare_dicts(a, b, path, out)
    elif isinstance(a, list) and isinstance(b, list):
        _compare_lists(a, b, path, out)
    else:
        out.append(Change("changed", "value", path, old=a, new=b))


def _both_numbers(a: Any, b: Any) -> bool:
    return _is_number(a) and _is_number(b)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _compare_lists(a: list[Any], b: list[Any], path: Path, out: list[Change]) -> None:
    kind = list_kind(path)
    if kind == "set":
        change = _set_change(a, b, path)
    elif kind == "sequence":
        change = _sequence_change(a, b, path)
    elif same_value(a, b):
        change = None
    else:
        change = Change("changed", "value", path, old=a, new=b)
    if change is not None:
        out.append(change)


def list_kind(path: Path) -> Kind:
    """How the list at ``path`` is compared."""
    if path and path[-1] in SET_KEYS:
        return "set"
    if path[:2] == ("failover", "chains") or path == ("selection", "rules"):
        return "sequence"
    return "value"


def _set_change(a: list[Any], b: list[Any], path: Path) -> Change | None:
    keys_a = {item_key(x): x for x in a}
    keys_b = {item_key(x): x for x in b}
    gone = [keys_a[k] for k in keys_a if k not in keys_b]
    came = [keys_b[k] for k in keys_b if k not in keys_a]
    gone, came = _unpair_noise(gone, came)
    removed = [("-", x) for x in gone]
    added = [("+", x) for x in came]
    if not removed and not added:
        return None
    return Change("changed", "set", path, old=a, new=b, entries=(*removed, *added))


def _sequence_change(a: list[Any], b: list[Any], path: Path) -> Change | None:
    keys_a = [item_key(x) for x in a]
    keys_b = [item_key(x) for x in b]
    if keys_a == keys_b:
        return None
    entries: list[tuple[str, Any]] = []
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and same_value(a[i1:i2], b[j1:j2])):
            entries.extend((" ", x) for x in b[j1:j2])
            continue
        entries.extend(("-", x) for x in a[i1:i2])
        entries.extend(("+", x) for x in b[j1:j2])
    if all(op == " " for op, _ in entries):
        return None
    return Change("changed", "sequence", path, old=a, new=b, entries=tuple(entries))


def _unpair_noise(gone: list[Any], came: list[Any]) -> tuple[list[Any], list[Any]]:
    """Drop pairs that differ only by float noise the rounded keys did not catch."""
    left = list(came)
    kept = []
    for item in gone:
        twin = next((i for i, other in enumerate(left) if same_value(item, other)), None)
        if twin is None:
            kept.append(item)
        else:
            del left[twin]
    return kept, left


def same_value(a: Any, b: Any) -> bool:
    """Deep equality with table semantics: numbers as `same_number`, bool apart from int."""
    if _is_number(a) and _is_number(b):
        return same_number(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def item_key(value: Any) -> str:
    """A canonical text for a list item, with float noise rounded away."""
    return json.dumps(_denoised(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def number_text(value: float) -> str:
    """A number as people read it: float noise rounded away (0.30000000000000004 -> 0.3)."""
    return repr(float(f"{value:.15g}")) if isinstance(value, float) else repr(value)


def _denoised(value: Any) -> Any:
    if isinstance(value, float):
        rounded = float(f"{value:.15g}")
        return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded
    if isinstance(value, dict):
        return {k: _denoised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_denoised(v) for v in value]
    return value
