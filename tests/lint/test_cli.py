"""`modelcfg lint` as users run it: paths, formats, exit codes (real processes for the exit codes)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelcfg.cli import cli

from .helpers import FIXTURES, REPO

INSECURE = FIXTURES / "MC502-insecure-endpoint"
MISMATCH = FIXTURES / "MC503-endpoint-host-mismatch"


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modelcfg", "lint", "--no-cache", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_process_exit_codes() -> None:
    bad = _run("--format", "concise", str(INSECURE.relative_to(REPO) / "bad.yaml"))
    assert bad.returncode == 1, bad.stderr
    assert bad.stdout == (
        "tests/lint/fixtures/MC502-insecure-endpoint/bad.yaml:4:15: error[MC502]: gateway sends keys and "
        "prompts unencrypted: plain http to `llm-gateway.example.com` (use https, or a loopback address "
        "for a local server)\nFound 1 error.\n"
    )
    clean = _run(str(INSECURE / "good.yaml"))
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")
    missing = _run("no/such/dir")
    assert missing.returncode == 2 and "no/such/dir: no such file or directory" in missing.stderr


def _invoke(*args: str) -> tuple[int, str]:
    """`modelcfg lint --no-cache ARGS`: the fixtures it reads are in the repository, left unwritten."""
    result = CliRunner().invoke(cli, ["lint", "--no-cache", *args])
    return result.exit_code, result.output


def test_severity_threshold() -> None:
    warning_only = str(MISMATCH / "bad.yaml")
    assert _invoke(warning_only)[0] == 1
    assert _invoke("--severity", "error", warning_only)[0] == 0
    assert _invoke("--severity", "info", str(MISMATCH / "good.yaml"))[0] == 0


def test_directory_of_standalone_files_and_several_projects(tmp_path: Path) -> None:
    configs = tmp_path / "configs"
    (configs / "team").mkdir(parents=True)
    (configs / "a.yaml").write_text((INSECURE / "bad.yaml").read_text())
    (configs / "team" / "b.yml").write_text((MISMATCH / "bad.yaml").read_text())
    (configs / "notes.txt").write_text("not a config")
    project = tmp_path / "project"
    project.mkdir()
    (project / "modelcfg.yaml").write_text((MISMATCH / "bad.yaml").read_text())
    (project / "envs").mkdir()
    (project / "envs" / "overlay.yaml").write_text("not: [a, project, root")  # part of the project
    code, out = _invoke("--format", "json", str(configs), str(project))
    found = [(Path(d["file"]).name, d["code"]) for d in json.loads(out)]
    assert code == 1
    assert found == [("a.yaml", "MC502"), ("b.yml", "MC503"), ("modelcfg.yaml", "MC503")]


def test_environment_overlay_is_linted(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text(
        (INSECURE / "good.yaml").read_text() + "environments:\n  staging: [envs/staging.yaml]\n"
    )
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "staging.yaml").write_text(
        "providers:\n  gateway:\n    endpoint: http://10.0.0.7/v1\n"
    )
    assert _invoke(str(tmp_path))[0] == 0
    code, out = _invoke("--env", "staging", "--format", "concise", str(tmp_path))
    assert code == 1
    assert "staging.yaml:3:15: error[MC502]" in out


def test_env_applies_to_a_file_named_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        (INSECURE / "good.yaml").read_text() + "environments:\n  lab: [lab.yaml]\n"
    )
    (tmp_path / "lab.yaml").write_text("providers:\n  gateway:\n    endpoint: http://10.0.0.7/v1\n")
    assert _invoke("--env", "lab", str(tmp_path / "team.yaml"))[0] == 1
    assert _invoke(str(tmp_path / "team.yaml"))[0] == 0


def test_no_paths_means_the_project_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stray.yaml").write_text("not: a modelcfg config")
    code, out = _invoke()
    assert code == 2 and "no modelcfg.yaml, modelcfg.yml, modelcfg.toml here" in out
    (tmp_path / "modelcfg.yaml").write_text((INSECURE / "bad.yaml").read_text())
    code, out = _invoke("--format", "concise")
    assert code == 1 and out.startswith("modelcfg.yaml:4:15: error[MC502]")


def test_directory_without_configs_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("no configs here")
    code, out = _invoke(str(tmp_path))
    assert code == 2 and "no modelcfg project or .yaml/.yml/.toml file here" in out


def test_sarif_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "lint.sarif"
    code, out = _invoke("--format", "sarif", "-o", str(target), str(INSECURE / "bad.yaml"))
    assert (code, out) == (1, "")
    log = json.loads(target.read_text())
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["MC502"]


def test_github_format() -> None:
    code, out = _invoke("--format", "github", str(INSECURE / "bad.yaml"))
    assert code == 1
    assert out.startswith("::error file=") and ",line=4,col=15," in out and "title=MC502::" in out


def test_syntax_error_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("providers:\n  a: [1, 2\n")
    code, out = _invoke("--format", "concise", str(tmp_path / "broken.yaml"))
    assert code == 1 and "error[MC0" in out


def test_list_rules_and_explain() -> None:
    code, out = _invoke("--list-rules")
    assert code == 0 and out.splitlines()[0].startswith("MC210  unsupported-setting")
    code, out = _invoke("--explain", "unknown-model")
    assert code == 0 and out.startswith("# MC301 unknown-model (error)")


@pytest.mark.parametrize(
    "args", [("--explain", "MC999"), ("--select", "MC7"), ("--ignore", "nope"), ("--format", "xml")]
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert _invoke(*args, str(INSECURE / "good.yaml"))[0] == 2
