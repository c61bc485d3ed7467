"""The compile cache, through real `modelcfg compile` processes on a real project."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from modelcfg.compiler import compile_cache
from modelcfg.compiler.compile_cache import CACHE_DIR
from modelcfg.compiler.entry_key import entry_key
from modelcfg.compiler.report import REPORTERS
from modelcfg.compiler.table import content_hash

from modelcfg.cli.compile_cmd import FORMATS

ROOT_FILE = """\
version: 1
extends: ["preset:openai"]
allow_env: [MC_TEST_REGION, MC_TEST_TOKEN]
environments:
  production: [envs/production.yaml]
providers:
  openai:
    endpoint: 'https://{{ env("MC_TEST_REGION") }}.example.com/v1'
    timeout_s: 30
"""
TOKEN = "tok-5ecret-value-never-cached"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "envs").mkdir()
    (tmp_path / "modelcfg.yaml").write_text(ROOT_FILE)
    (tmp_path / "envs" / "production.yaml").write_text("providers: {openai: {timeout_s: 45}}\n")
    return tmp_path


def run(
    project: Path, *args: str, env: dict[str, str] | None = None, python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`modelcfg compile PROJECT -o - ARGS` as a fresh process, in a controlled environment."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("MODELCFG", "MC_TEST_"))}
    environ.update({"MC_TEST_REGION": "eu", "MC_TEST_TOKEN": TOKEN, "NO_COLOR": "1", **(env or {})})
    command = [sys.executable, *python, "-m", "modelcfg", "compile", "-p", str(project), "-o", "-", *args]
    return subprocess.run(command, capture_output=True, text=True, env=environ, timeout=60)


def entries(project: Path) -> dict[str, tuple[int, str]]:
    """Each cache entry's name → (mtime_ns, text): a miss rewrites or adds one."""
    folder = project / CACHE_DIR
    if not folder.is_dir():
        return {}
    return {p.name: (p.stat().st_mtime_ns, p.read_text()) for p in folder.glob("*.json")}


def without_import_times(stderr: str) -> str:
    return "".join(line for line in stderr.splitlines(True) if not line.startswith("import time:"))


def test_hit_replays_a_cold_compile_byte_for_byte_without_pydantic(project: Path) -> None:
    cold = run(project, "--no-cache")
    assert entries(project) == {}
    miss = run(project, python=("-X", "importtime"))
    hit = run(project, python=("-X", "importtime"))
    assert cold.returncode == miss.returncode == hit.returncode == 0
    assert cold.stdout == miss.stdout == hit.stdout
    assert '"endpoint": "https://eu.example.com/v1"' in hit.stdout
    assert cold.stderr == without_import_times(miss.stderr) == without_import_times(hit.stderr)
    assert " pydantic" in miss.stderr
    for heavy in (" pydantic", " ruamel", " jinja2", " modelcfg.schema", " modelcfg.compiler.project"):
        assert heavy not in hit.stderr
    assert (project / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_hit_writes_and_checks_like_a_compile(project: Path) -> None:
    table = project / "build" / "modelcfg.lock.json"
    first = run(project, "-o", str(table), "--no-cache")
    text = table.read_text()
    table.unlink()
    run(project, "-o", str(table))
    hit = run(project, "-o", str(table))
    assert hit.returncode == 0 and hit.stderr == first.stderr and table.read_text() == text
    assert run(project, "-o", str(table), "--check").returncode == 0
    table.write_text(text.replace("30.0", "31.0"))
    stale = run(project, "-o", str(table), "--check")
    assert stale.returncode == 1 and "stale" in stale.stderr


def test_each_kind_of_input_change_recompiles(project: Path) -> None:
    """Each step changes one input and must miss; the environment accumulates across steps."""
    env: dict[str, str] = {}

    def edit(path: str, old: str, new: str) -> None:
        file = project / path
        file.write_text(file.read_text().replace(old, new))

    steps: list[tuple[str, Callable[[], object], tuple[str, ...], str]] = [
        ("layer", lambda: edit("modelcfg.yaml", "timeout_s: 30", "timeout_s: 31"), (), '"timeout_s": 31.0'),
        (
            "overlay",
            lambda: edit("envs/production.yaml", "rpm: 45", "rpm: 46"),
            ("--env", "production"),
            '"rpm": 46',
        ),
        (
            "local file",
            lambda: (project / "modelcfg.local.yaml").write_text("providers: {openai: {timeout_s: 50}}\n"),
            (),
            '"timeout_s": 50.0',
        ),
        (
            "MODELCFG__ variable",
            lambda: env.update(MODELCFG__PROVIDERS__OPENAI__TIMEOUT_S="55"),
            (),
            '"timeout_s": 55.0',
        ),
        ("allow_env value", lambda: env.update(MC_TEST_REGION="us"), (), "https://us.example.com/v1"),
        ("unrendered allow_env value", lambda: env.update(MC_TEST_TOKEN=TOKEN + "-2"), (), "us.example.com"),
        ("--set", lambda: None, ("--set", "providers.openai.timeout_s=60"), '"timeout_s": 60.0'),
        ("--env", lambda: None, ("--env", "production"), '"rpm": 46'),
    ]
    (project / "envs" / "production.yaml").write_text("providers: {openai: {rate_limits: {rpm: 45}}}\n")
    cached_args: tuple[str, ...] | None = None
    for name, change, args, expected in steps:
        if args != cached_args and not name.startswith("--"):  # `--set`/`--env` steps change only the args
            assert run(project, *args, env=env).returncode == 0
        before = entries(project)
        change()
        changed = run(project, *args, env=env)
        assert changed.returncode == 0, changed.stderr
        assert expected in changed.stdout, name
        assert entries(project) != before, f"{name}: the change was answered from the cache"
        cached_args = args
    before = entries(project)
    assert run(project, *steps[-1][2], env=env).returncode == 0
    assert entries(project) == before, "an unchanged project recompiled"


def test_corrupt_entries_are_recompiled_silently(project: Path) -> None:
    good = run(project)
    (entry,) = (project / CACHE_DIR).glob("*.json")
    for corrupt in ("{not json", "[]", '{"format": 1, "key": "x"}', ""):
        entry.write_text(corrupt)
        again = run(project)
        assert (again.returncode, again.stdout, again.stderr) == (0, good.stdout, good.stderr)
        assert json.loads(entry.read_text())["table"] == good.stdout


def altered(entry: Path, *, sign: bool, rehash: bool = True) -> dict:
    """Entry with timeout_s 30 → 99 in its table; content_hash recomputed, signed with our key if ``sign``."""
    data = json.loads(entry.read_text())
    table = json.loads(data["table"])
    table["body"]["providers"]["openai"]["timeout_s"] = 99.0
    if rehash:
        table["content_hash"] = content_hash(table["body"])
    data["table"] = json.dumps(table, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    if sign:
        key = entry_key()
        assert key is not None
        data["signature"] = compile_cache._signature(key, data)
    entry.write_text(json.dumps(data))
    return data


def test_no_cache_neither_reads_nor_writes(project: Path) -> None:
    run(project)
    (entry,) = (project / CACHE_DIR).glob("*.json")
    data = altered(entry, sign=True)
    assert '"timeout_s": 99.0' in run(project).stdout  # a hit replays our own entry: the test can tell
    for off in (run(project, "--no-cache"), run(project, env={"MODELCFG_NO_CACHE": "1"})):
        assert '"timeout_s": 30.0' in off.stdout
    assert json.loads(entry.read_text()) == data
    fresh = project / "other"
    fresh.mkdir()
    (fresh / "modelcfg.yaml").write_text(ROOT_FILE)
    assert run(fresh, "--no-cache").returncode == 0
    assert not (fresh / CACHE_DIR).exists()


@pytest.mark.parametrize(
    "change",
    ["edited-table", "edited-and-rehashed-unsigned", "signed-but-hash-broken", "other-users-key"],
)
def test_an_entry_modelcfg_did_not_write_is_a_miss_and_is_rewritten(project: Path, change: str) -> None:
    """The cache sits in the checkout: an entry shipped in a repository must not replace the table."""
    good = run(project)
    (entry,) = (project / CACHE_DIR).glob("*.json")
    if change == "edited-table":
        data = json.loads(entry.read_text())
        data["table"] = data["table"].replace('"timeout_s": 30.0', '"timeout_s": 99.0')
        entry.write_text(json.dumps(data))
    elif change == "edited-and-rehashed-unsigned":
        altered(entry, sign=False)
    elif change == "signed-but-hash-broken":
        altered(entry, sign=True, rehash=False)
    else:
        data = altered(entry, sign=False)
        data["signature"] = compile_cache._signature(b"k" * 32, data)
        entry.write_text(json.dumps(data))
    again = run(project)
    assert (again.returncode, again.stdout, again.stderr) == (0, good.stdout, good.stderr)
    assert '"timeout_s": 99.0' not in again.stdout
    assert json.loads(entry.read_text())["table"] == good.stdout  # rewritten


def test_an_entry_that_is_a_fifo_is_a_miss_not_a_hang(project: Path) -> None:
    good = run(project)
    (entry,) = (project / CACHE_DIR).glob("*.json")
    entry.unlink()
    os.mkfifo(entry)
    again = run(project)
    assert (again.returncode, again.stdout) == (0, good.stdout)


def test_secret_values_never_reach_the_cache(project: Path) -> None:
    assert run(project).returncode == 0
    for file in (project / CACHE_DIR).iterdir():
        text = file.read_text()
        assert TOKEN not in text
        assert "MC_TEST_TOKEN" in text or file.name == ".gitignore"


def test_failed_compiles_are_not_cached(project: Path) -> None:
    (project / "modelcfg.yaml").write_text(ROOT_FILE.replace("timeout_s: 30", "timeout_s: -1"))
    first, second = run(project), run(project)
    assert first.returncode == second.returncode == 1
    assert first.stderr == second.stderr and "timeout_s" in second.stderr
    assert entries(project) == {}


def test_format_choices_are_the_reporters() -> None:
    assert set(FORMATS) == set(REPORTERS)
