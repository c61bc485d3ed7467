"""float32 packing and the validity check every cached vector passes."""

from __future__ import annotations

import math
import pickle
import struct

from hypothesis import given
from hypothesis import strategies as st
from modelcfg.runtime.cache._vectors import is_valid, pack, to_vector

FLOAT32 = st.floats(width=32, allow_nan=False, allow_infinity=False)


@given(st.lists(FLOAT32, min_size=1, max_size=64))
def test_finite_float32_vectors_round_trip(values: list[float]) -> None:
    data = pack(values, len(values))
    assert data is not None and is_valid(data, len(values))
    assert list(to_vector(data)) == values


@given(st.lists(FLOAT32, min_size=1, max_size=64), st.data())
def test_any_nan_or_inf_is_invalid(values: list[float], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(values) - 1))
    values[index] = data.draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    raw = struct.pack(f"<{len(values)}f", *values)
    assert not is_valid(raw, len(values))
    assert pack(values, len(values)) is None


def test_huge_finite_values_pass_the_slow_path() -> None:
    """|x| ≥ 2**127 sets the seven high exponent bits the fast path looks at; still finite."""
    values = [3.0e38, -2.0e38, 0.5]
    data = pack(values, 3)
    assert data is not None and is_valid(data, 3)


def test_what_is_not_a_vector() -> None:
    assert pack([0.1, 0.2], 3) is None  # wrong length
    assert pack([1e39, 0.0], 2) is None  # beyond float32: would be stored as inf
    assert pack(["0.1", 0.2], 2) is None  # type: ignore[list-item]
    assert not is_valid(b"\x00" * 11, 3)
    assert not is_valid("x" * 12, 3)


def test_handed_out_vectors_are_read_only_views() -> None:
    data = pack([0.25, -1.0], 2)
    assert data is not None
    view = to_vector(data)
    assert view.tolist() == [0.25, -1.0] and len(view) == 2 and view.readonly
    assert pickle.loads(pickle.dumps(view.tolist())) == [0.25, -1.0]
