"""Embedding vectors as compact float32 bytes, and the check every cached vector passes.

Every tier stores a vector as exactly `dimensions * 4` bytes of little-endian
float32 (the layout of OpenAI's `encoding_format: "base64"`), so a truncated or
foreign entry shows up as a wrong length before anything is decoded. Callers get
a read-only float32 `memoryview` over those bytes: no copy on a hit, immutable (a
caller cannot corrupt a cache), indexable and iterable as floats, `.tolist()`
for plain lists and zero-copy for `numpy.frombuffer(v, dtype="float32")`.
"""

import math
import sys
from array import array
from collections.abc import Sequence
from typing import TypeAlias, TypeGuard

Vector: TypeAlias = "memoryview[float]"
"""An embedding as handed out: a read-only memoryview of float32 values (format "f")."""

_LITTLE_ENDIAN = sys.byteorder == "little"
# Masks the top byte of a little-endian float32 down to its seven high exponent bits.
_HIGH_EXPONENT_BITS = bytes(b & 0x7F for b in range(256))


def pack(vector: Sequence[float], dimensions: int) -> bytes | None:
    """Encode a vector as float32 bytes, or None unless it has `dimensions` finite float32 values.

    Values beyond float32's range become inf here and so fail the check, which is
    what storing them would do anyway.
    """
    if len(vector) != dimensions:
        return None
    try:
        values = array("f", vector)
    except (TypeError, OverflowError):
        return None
    if not _LITTLE_ENDIAN:
        values.byteswap()
    data = values.tobytes()
    return data if _all_finite(data) else None


def is_valid(data: object, dimensions: int) -> TypeGuard[bytes]:
    """The seed's `validateEmbedding` for stored bytes: the right length and every value finite."""
    return isinstance(data, bytes) and len(data) == dimensions * 4 and _all_finite(data)


def to_vector(data: bytes) -> Vector:
    """A read-only float32 view of checked bytes (a copy only on big-endian machines)."""
    if _LITTLE_ENDIAN:
        return memoryview(data).cast("f")
    values = array("f", data)
    values.byteswap()
    return memoryview(values.tobytes()).cast("f")


def _all_finite(data: bytes) -> bool:
    """True when no float32 in `data` is NaN or ±inf.

    NaN and inf have all eight exponent bits set. The fast path looks only at the
    seven in each value's top byte, without decoding; values that pass it are
    finite. The few that do not (|x| ≥ 2**127 or non-finite) are decoded and
    summed: float32 values cannot overflow a float64 sum, so the sum is finite
    exactly when every value is.
    """
    if b"\x7f" not in data[3::4].translate(_HIGH_EXPONENT_BITS):
        return True
    return math.isfinite(sum(to_vector(data)))
