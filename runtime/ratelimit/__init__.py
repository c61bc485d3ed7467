"""Rate limits: the `Limiter` the runtime uses when a table sets `rate_limits`.

`RateLimiter` keeps each provider/model inside its budgets (requests, tokens, requests in
flight), in this process or shared by a fleet through Redis; `read_fleet_usage` reads the
fleet's counters back. Everything else in this package is private.
"""

from ._budget import Limits, Reservation
from ._fleet_usage import fleet_row, read_fleet_usage
from ._limiter import LimitedEntry, RateLimiter

__all__ = [
    "LimitedEntry",
    "Limits",
    "RateLimiter",
    "Reservation",
    "fleet_row",
    "read_fleet_usage",
]
