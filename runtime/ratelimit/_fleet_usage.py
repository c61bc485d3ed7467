"""The fleet's usage counters in Redis: hashes `modelcfg:usage:{provider/model}` that every
process with `scope: redis` limits adds to and `modelcfg usage` reads.

In memory they are `ModelUsage` (runtime/usage.py); in Redis their fields keep the names
running fleets already write (`tokens_in`, `tokens_out`), mapped here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from ..usage import ModelUsage

USAGE_PREFIX = "modelcfg:usage:"
#: ModelUsage field -> Redis hash field (also the columns of `modelcfg usage`)
HASH_FIELDS = {
    "requests": "requests",
    "input_tokens": "tokens_in",
    "output_tokens": "tokens_out",
    "throttled": "throttled",
    "rejected": "rejected",
    "wait_s": "wait_s",
}
_FROM_HASH = {v: k for k, v in HASH_FIELDS.items()}


def fleet_row(u: ModelUsage) -> dict[str, Any]:
    """The counters as the fleet names them: what `modelcfg usage` prints."""
    return {hashed: getattr(u, name) for name, hashed in HASH_FIELDS.items()}


def hash_increments(u: ModelUsage) -> dict[str, int | float]:
    """The non-zero counters under their Redis hash names, to add with HINCRBY(FLOAT)."""
    return {hashed: value for hashed, value in fleet_row(u).items() if value}


def usage_from_hash(raw: dict[Any, Any]) -> ModelUsage:
    """A Redis usage hash (bytes or str fields) as a `ModelUsage`; unknown fields are ignored."""
    found: dict[str, Any] = {}
    for name, value in raw.items():
        field = _FROM_HASH.get(name.decode() if isinstance(name, bytes) else str(name))
        if field is not None:
            found[field] = float(value) if field == "wait_s" else int(value)
    return ModelUsage(**found)


def read_fleet_usage(client: Any, prefix: str = USAGE_PREFIX) -> dict[str, ModelUsage]:
    """Every fleet-wide counter in Redis (`client`: a redis-py client), sorted by key."""
    found: dict[str, ModelUsage] = {}
    for raw_key in client.scan_iter(match=f"{prefix}*", count=500):
        name = raw_key.decode() if isinstance(raw_key, bytes) else str(raw_key)
        key = name[len(prefix) :].strip("{}")
        found[key] = usage_from_hash(client.hgetall(raw_key))
    return dict(sorted(found.items()))
