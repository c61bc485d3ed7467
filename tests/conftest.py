"""Fixtures shared by every test area. Area-specific fixtures live in each area's conftest."""

from tests.emulator import emulator, emulator_server  # noqa: F401  (fixtures: the provider emulator)
from tests.redis_server import redis_server  # noqa: F401  (fixture: a real redis-server)
