"""The lint cache, through real `modelcfg lint` processes on real projects and standalone files."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from modelcfg.compiler import compile_cache
from modelcfg.compiler.compile_cache import CACHE_DIR
from modelcfg.compiler.entry_key import entry_key
from modelcfg.compiler.lint_cache import lint_key

from modelcfg import __version__

STANDALONE = """\
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    settings: {{temperature: 0.{t}}}
    models: {{small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}}
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    api_key_env: ANTHROPIC_API_KEY
    models: {{small: claude-haiku-4-5, medium: claude-sonnet-4-6, large: claude-opus-4-6}}
selection: {{default_provider: openai}}
failover:
  chains:
    openai/large: [anthropic/large]
"""
PROJECT = """\
version: 1
extends: ["preset:openai"]
providers:
  openai:
    endpoint: http://models.example.com/v1
"""
FORMATS = ("text", "concise", "json", "sarif", "github")
HEAVY = (" pydantic", " ruamel", " jinja2", " modelcfg.compiler.project", " modelcfg.compiler.lint.registry")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "configs").mkdir()
    for i in range(2):
        (tmp_path / "configs" / f"team-{i}.yaml").write_text(STANDALONE.format(t=i + 2))
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "modelcfg.yaml").write_text(PROJECT)
    return tmp_path


def lint(
    cwd: Path,
    *args: str,
    python: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    paths: tuple[str, ...] = ("configs", "proj"),
) -> subprocess.CompletedProcess[str]:
    """`modelcfg lint PATHS ARGS` as a fresh process."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELCFG")}
    environ.update({"NO_COLOR": "1", **(env or {})})
    command = [sys.executable, *python, "-m", "modelcfg", "lint", *paths, *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environ, timeout=60)


def same(a: subprocess.CompletedProcess[str], b: subprocess.CompletedProcess[str]) -> bool:
    return (a.returncode, a.stdout) == (b.returncode, b.stdout)


def entries(workdir: Path) -> list[Path]:
    return sorted(workdir.glob(f"*/{CACHE_DIR}/*.json"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hit_prints_what_a_cold_run_prints(workdir: Path, fmt: str) -> None:
    cold = lint(workdir, "--format", fmt, "--no-cache")
    assert entries(workdir) == []
    miss = lint(workdir, "--format", fmt)
    hit = lint(workdir, "--format", fmt, python=("-X", "importtime"))
    assert cold.returncode == 1
    assert "MC411" in cold.stdout
    assert same(cold, miss) and same(cold, hit)
    assert len(entries(workdir)) == 3
    assert (workdir / "proj" / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"
    if fmt != "sarif":  # SARIF's rule descriptions come from the rule registry
        assert [heavy for heavy in HEAVY if heavy in hit.stderr] == []


def test_a_miss_imports_the_compiler(workdir: Path) -> None:
    miss = lint(workdir, python=("-X", "importtime"))
    assert " pydantic" in miss.stderr


def test_editing_a_file_invalidates_its_entry(workdir: Path) -> None:
    lint(workdir)
    config = workdir / "configs" / "team-0.yaml"
    config.write_text(config.read_text().replace("    openai/large: [anthropic/large]\n", "    {}\n"))
    assert same(lint(workdir), lint(workdir, "--no-cache"))
    assert lint(workdir).stdout.count("MC411") == 1


@pytest.mark.parametrize(
    "options", [("--select", "MC4"), ("--ignore", "MC411"), ("--severity", "error"), ("--env", "prod")]
)
def test_options_key_the_entry(workdir: Path, options: tuple[str, str]) -> None:
    plain = lint(workdir)
    lint(workdir, *options)
    hit = lint(workdir, *options)
    assert same(hit, lint(workdir, *options, "--no-cache"))
    assert same(lint(workdir), plain)


def test_severity_threshold_applies_to_a_hit(workdir: Path) -> None:
    for threshold, status in (("error", 0), ("warning", 1)):
        lint(workdir, "--severity", threshold, paths=("configs",))
        hit = lint(workdir, "--severity", threshold, paths=("configs",))
        assert "warning[MC411]" in hit.stdout
        assert hit.returncode == status


def test_the_date_keys_the_entry(workdir: Path) -> None:
    today = dt.date(2026, 11, 29)
    key = lint_key(__version__, workdir / "proj", None, (), (), "warning", today)
    tomorrow = lint_key(__version__, workdir / "proj", None, (), (), "warning", today + dt.timedelta(days=1))
    assert key != tomorrow
    assert key == lint_key(__version__, workdir / "proj", None, (), (), "warning", today)


@pytest.mark.parametrize("garbage", ["", "{not json", '{"format": 1}', "[]"])
def test_corrupt_entries_fall_back_to_linting(workdir: Path, garbage: str) -> None:
    cold = lint(workdir, "--no-cache")
    lint(workdir)
    for entry in entries(workdir):
        entry.write_text(garbage)
    assert same(lint(workdir), cold)
    assert all(entry.read_text() != garbage for entry in entries(workdir))
    assert same(lint(workdir), cold)


def test_no_cache_reads_and_writes_nothing(workdir: Path) -> None:
    lint(workdir, "--no-cache")
    lint(workdir, env={"MODELCFG_NO_CACHE": "1"})
    assert not any(workdir.glob(f"*/{CACHE_DIR}"))
    lint(workdir, env={"MODELCFG_NO_CACHE": "0"})
    assert len(entries(workdir)) == 3


@pytest.mark.parametrize("signed", [False, True], ids=["planted", "ours-but-malformed"])
def test_an_altered_entry_never_hides_findings(workdir: Path, signed: bool) -> None:
    """A repository that ships entries with no findings must not make `lint` pass."""
    cold = lint(workdir, "--no-cache")
    assert cold.returncode == 1 and cold.stdout
    lint(workdir)
    key = entry_key()
    assert key is not None
    for entry in entries(workdir):
        data = json.loads(entry.read_text())
        data["diagnostics"] = [] if not signed else [{"code": "MC999", "span": "nonsense"}]
        data["signature"] = compile_cache._signature(key if signed else b"k" * 32, data)
        entry.write_text(json.dumps(data))
    again = lint(workdir)
    assert same(again, cold)
    assert "Traceback" not in again.stderr
