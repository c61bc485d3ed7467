"""Laws of the walk over any JSON-shaped table: identity, symmetry, float noise never shows."""

import copy
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from modelcfg.compiler.diff import compare

KEYS = st.sampled_from(
    [
        "providers",
        "openai",
        "models",
        "large",
        "settings",
        "stop",
        "id",
        "failover",
        "chains",
        "selection",
        "rules",
    ]
)
SCALARS = (
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6) | st.text(max_size=5)
)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)
BODIES = st.dictionaries(KEYS, TREES, max_size=5)

FLIP = {"added": "removed", "removed": "added", "changed": "changed"}


def nudged(tree: Any) -> Any:
    """``tree`` with every nonzero float moved by one unit in the last place."""
    if isinstance(tree, float) and tree != 0.0:
        return math.nextafter(tree, math.inf)
    if isinstance(tree, dict):
        return {k: nudged(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [nudged(v) for v in tree]
    return tree


@settings(max_examples=100, deadline=None)
@given(BODIES)
def test_a_body_equals_itself_and_its_copy(body: dict[str, Any]) -> None:
    assert compare(body, body) == []
    assert compare(body, copy.deepcopy(body)) == []


@settings(max_examples=100, deadline=None)
@given(BODIES)
def test_float_noise_is_never_a_change(body: dict[str, Any]) -> None:
    assert compare(body, nudged(body)) == []


@settings(max_examples=100, deadline=None)
@given(BODIES, BODIES)
def test_swapping_sides_swaps_added_and_removed(old: dict[str, Any], new: dict[str, Any]) -> None:
    forward = sorted((c.path, c.op) for c in compare(old, new))
    backward = sorted((c.path, FLIP[c.op]) for c in compare(new, old))
    assert forward == backward
