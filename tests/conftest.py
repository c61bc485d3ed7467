"""Fixtures shared by every test area. Area-specific fixtures live in each area's conftest."""

import os
import tempfile

# The per-user cache (signing key of cache entries, default embedding cache) goes to a
# directory of this run, inherited by every subprocess: tests never touch the real ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="modelcfg-test-cache-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="modelcfg-test-data-")

import pytest

from tests.emulator import emulator, emulator_server  # noqa: F401  (fixtures: the provider emulator)
from tests.redis_server import redis_server  # noqa: F401  (fixture: a real redis-server)
from tests.repo_tree import untracked

_BEFORE = pytest.StashKey[set[str] | None]()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.stash[_BEFORE] = untracked()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a test wrote into the repository (tests write into tmp_path only)."""
    before, after = session.stash.get(_BEFORE, None), untracked()
    if before is None or after is None:
        return
    new = sorted(after - before)
    if new:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "tests left files in the repository (write into tmp_path, or pass --no-cache): "
        if reporter is not None:
            reporter.write_line(message + ", ".join(new), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
