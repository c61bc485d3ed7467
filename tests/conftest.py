"""Fixtures shared by every test area. Area-specific fixtures live in each area's conftest."""

import os
import tempfile

# The per-user cache (signing key of cache entries, default embedding cache) goes to a
# directory of this run, inherited by every subprocess: tests never touch the real ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="modelcfg-test-cache-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="modelcfg-test-data-")

from tests.emulator import emulator, emulator_server  # noqa: F401  (fixtures: the provider emulator)
from tests.redis_server import redis_server  # noqa: F401  (fixture: a real redis-server)
