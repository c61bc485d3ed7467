"""`scope: redis` in an install without the `redis` extra: limits and breaker work locally, with
one warning each naming the extra. Run in a child process where `import redis` fails (a
meta-path blocker loaded through PYTHONPATH), against the emulator over real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.emulator import Emulator
from tests.runtime.tables import envelope, four_apis

BLOCKER = '''
import sys


class NoRedis:
    """Behave as an install without redis-py."""

    def find_spec(self, name, path=None, target=None):
        if name == "redis" or name.startswith("redis."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NoRedis())
'''

CHILD = """
import sys
from modelcfg.runtime import Runtime
try:
    import redis
except ModuleNotFoundError:
    print("redis: not importable")
env = {"EMU_OPENAI_KEY": "sk-x", "MODELCFG_REDIS_URL": "redis://127.0.0.1:1/0"}
with Runtime.load(sys.argv[1], environ=env) as rt:
    print(type(rt.breaker.store).__name__)
    for i in range(3):
        print(rt.generate_text(f"q{i}", provider="openai").text)
"""

LIMITS = {
    "rpm": 6000,
    "tpm": None,
    "max_concurrency": 4,
    "scope": "redis",
    "redis_url_env": "MODELCFG_REDIS_URL",
    "max_wait_s": 5.0,
    "local_share": 0.5,
}


def test_scope_redis_without_the_package_works_locally_with_one_warning_each(
    tmp_path: Path, emulator: Emulator
) -> None:
    body = four_apis(emulator, breaker={"scope": "redis"})["body"]
    body["providers"]["openai"]["models"]["medium"]["rate_limits"] = LIMITS
    table = tmp_path / "modelcfg.lock.json"
    table.write_text(json.dumps(envelope(body)), encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(table)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "redis: not importable",
        "RedisBreakerStore",
        "echo: q0",
        "echo: q1",
        "echo: q2",
    ]
    warnings = done.stderr.splitlines()
    assert warnings == [
        "rate limits with scope redis need the redis package (pip install 'modelcfg[redis]'); "
        "each process keeps to its local share",
        "circuit breakers with scope redis need the redis package (pip install 'modelcfg[redis]'); "
        "each process keeps its own state",
    ]
    assert [r.model for r in emulator.requests] == ["gpt-medium"] * 3


def test_an_unusable_redis_url_is_a_warning_not_an_exception(emulator: Emulator, caplog) -> None:
    from modelcfg.runtime import Runtime

    body = four_apis(emulator, breaker={"scope": "redis"})["body"]
    body["providers"]["openai"]["models"]["medium"]["rate_limits"] = LIMITS
    env = {"EMU_OPENAI_KEY": "sk-x", "MODELCFG_REDIS_URL": "http://user:hunter2@example.invalid"}
    with Runtime.from_table(envelope(body), environ=env) as rt:
        assert rt.generate_text("hi", provider="openai").text == "echo: hi"
    unusable = [r.getMessage() for r in caplog.records if "not a usable Redis URL" in r.getMessage()]
    assert len(unusable) == 2 and all("hunter2" not in m for m in unusable)
