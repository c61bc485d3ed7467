"""Diffs of compiled projects: environments, origins (file:line), projects against tables."""

import json
import os
from pathlib import Path

import pytest
from modelcfg.compiler import compile_project

from tests.diff.golden import assert_golden, run_cli
from tests.diff.project import write_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(write_project(tmp_path))
    for key in [k for k in os.environ if k.startswith("MODELCFG__")]:
        monkeypatch.delenv(key)
    return tmp_path


def test_two_environments_with_origins(project: Path) -> None:
    out = assert_golden("env_text", ["diff", "--env", "staging", "--env", "production"])
    assert "~ providers.openai.large.id:" in out
    assert "envs/production.yaml:5" in out


def test_environment_range_is_the_same_as_two_envs(project: Path) -> None:
    assert run_cli(["diff", "staging..production"]) == run_cli(
        ["diff", "--env", "staging", "--env", "production"]
    )


def test_environments_as_markdown_and_json(project: Path) -> None:
    assert_golden("env_markdown", ["diff", "staging..production", "--format", "markdown"])
    _, stdout, _ = run_cli(["diff", "staging..production", "--format", "json"])
    origins = {c["path"]: c["origin"] for c in json.loads(stdout)["changes"]}
    assert origins["providers.openai.large.id"] == {
        "layer": "env:production",
        "file": "envs/production.yaml",
        "line": 5,
        "column": 13,
    }
    assert origins["providers.openai.large.max_input_tokens"]["layer"] == "catalog"


def test_a_table_against_the_project(project: Path) -> None:
    table = compile_project(project, env="staging").table
    (project / "staging.lock.json").write_text(json.dumps(table, sort_keys=True, indent=2))
    same = run_cli(["diff", "staging.lock.json", ".", "--env", "staging", "--exit-code"])
    assert same[0] == 0 and same[1].endswith("no differences\n")
    code, stdout, _ = run_cli(["diff", "staging.lock.json", ".", "--env", "production", "--exit-code"])
    assert code == 1
    assert "envs/production.yaml:5" in stdout  # the compiled side carries origins
    assert "staging.lock.json (staging) → . (production)" in stdout


def test_two_config_files(project: Path) -> None:
    other = project / "other"
    other.mkdir()
    (other / "modelcfg.yaml").write_text((project / "modelcfg.yaml").read_text().replace("0.6", "0.5"))
    code, stdout, _ = run_cli(["diff", "modelcfg.yaml", "other/modelcfg.yaml", "--exit-code", "--no-color"])
    assert code == 1
    assert "~ providers.openai.*.settings.temperature: 0.6 → 0.5  other/modelcfg.yaml:9" in stdout


def test_a_side_that_does_not_compile_exits_2_with_its_diagnostics(project: Path) -> None:
    (project / "envs" / "production.yaml").write_text("providers:\n  openai:\n    temprature: 0.3\n")
    code, stdout, stderr = run_cli(["diff", "staging..production"])
    assert (code, stdout) == (2, "")
    assert "envs/production.yaml:3:5" in stderr
    assert "temprature" in stderr
    assert "error: production does not compile; fix the errors above" in stderr


def test_unknown_environment_exits_2(project: Path) -> None:
    code, _, stderr = run_cli(["diff", "staging..prod"])
    assert code == 2
    assert "prod" in stderr
