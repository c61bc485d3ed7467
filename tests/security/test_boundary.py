"""The project boundary: nothing outside the project is read, and no file or input hangs or recurses.

Every test runs the real `modelcfg` in a fresh process on real files (symlinks, FIFOs,
huge files) and asserts the exit code, the located message, that no outside content is
printed, and that nothing ends in a traceback or a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

OUTSIDE = "outside-secret-line: do not print me\nother: line\n"


def modelcfg(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELCFG")}
    environ.update({"NO_COLOR": "1", "MODELCFG_NO_CACHE": "1", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "modelcfg", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def clean(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The output, after checking the exit code and that it is no traceback and shows no outside line."""
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert "Traceback" not in output
    assert "outside-secret-line" not in output
    return output


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory beside the project holding a file the project must never show."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(OUTSIDE)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    folder.mkdir()
    return folder


def test_extends_through_a_symlink_to_an_outside_file(project: Path, outside: Path) -> None:
    (project / "link.yaml").symlink_to(outside / "secret.yaml")
    (project / "modelcfg.yaml").write_text('version: 1\nextends: ["link.yaml"]\n')
    output = clean(modelcfg(project, "compile", "-p", ".", "-o", "-"), 1)
    assert "modelcfg.yaml:2:11: error[MC010]: `link.yaml` resolves outside the project" in output


def test_extends_to_etc_passwd(project: Path) -> None:
    (project / "link.yaml").symlink_to("/etc/passwd")
    (project / "modelcfg.yaml").write_text('version: 1\nextends: ["link.yaml"]\n')
    output = clean(modelcfg(project, "lint", "."), 1)
    assert "error[MC010]" in output
    assert "root:" not in output


def test_an_overlay_in_a_symlinked_directory(project: Path, outside: Path) -> None:
    (project / "shared").symlink_to(outside, target_is_directory=True)
    (project / "modelcfg.yaml").write_text("version: 1\nenvironments:\n  prod: [shared/secret.yaml]\n")
    output = clean(modelcfg(project, "compile", "-p", ".", "--env", "prod", "-o", "-"), 1)
    assert "modelcfg.yaml:3:10: error[MC010]: `shared/secret.yaml` resolves outside the project" in output
    assert "MC101" not in output


def test_the_local_file_through_a_symlink(project: Path, outside: Path) -> None:
    (project / "modelcfg.local.yaml").symlink_to(outside / "secret.yaml")
    (project / "modelcfg.yaml").write_text("version: 1\n")
    output = clean(modelcfg(project, "compile", "-p", ".", "-o", "-"), 1)
    assert "error[MC010]: `modelcfg.local.yaml` resolves outside the project" in output


def test_a_symlink_inside_the_project_still_works(project: Path) -> None:
    (project / "base").mkdir()
    (project / "base" / "common.yaml").write_text("providers: {openai: {timeout_s: 12}}\n")
    (project / "link.yaml").symlink_to(project / "base" / "common.yaml")
    (project / "modelcfg.yaml").write_text('version: 1\nextends: ["preset:openai", "link.yaml"]\n')
    output = clean(modelcfg(project, "compile", "-p", ".", "-o", "-"), 0)
    assert '"timeout_s": 12.0' in output


@pytest.mark.parametrize("command", ["compile", "lint", "diff"])
def test_a_symlink_loop(tmp_path: Path, command: str) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    project = tmp_path / "proj"
    project.mkdir()
    (project / "modelcfg.yaml").symlink_to(project / "other.yaml")
    (project / "other.yaml").symlink_to(project / "modelcfg.yaml")
    for target in ("loop", "proj"):
        args = ["diff", target, target] if command == "diff" else [command, target]
        output = clean(modelcfg(tmp_path, *args), 2)
        if target == "proj":
            assert "error[MC015]: cannot read `modelcfg.yaml`: Too many levels of symbolic links" in output
        elif command == "diff":  # diff names the argument it cannot use
            assert "`loop`: a symbolic link that loops or leads nowhere" in output
        else:
            assert "symbolic links" in output or "neither a project directory nor a config file" in output


@pytest.mark.parametrize("command", ["compile", "lint", "diff"])
def test_a_fifo_as_the_root_file_does_not_block(project: Path, command: str) -> None:
    os.mkfifo(project / "modelcfg.yaml")
    args = ["diff", ".", "."] if command == "diff" else [command, "."]
    output = clean(modelcfg(project, *args), 2)
    if command != "diff":
        assert "error[MC015]: `modelcfg.yaml` is a named pipe (FIFO), not a file" in output


def test_a_fifo_named_by_extends_is_refused_at_the_entry(project: Path) -> None:
    os.mkfifo(project / "pipe.yaml")
    (project / "modelcfg.yaml").write_text("version: 1\nextends: [pipe.yaml]\n")
    output = clean(modelcfg(project, "compile", "-p", ".", "-o", "-"), 1)
    assert "modelcfg.yaml:2:11: error[MC008]: `pipe.yaml` is a named pipe (FIFO), not a file" in output


def test_a_file_over_the_size_limit_is_not_read(project: Path) -> None:
    (project / "big.yaml").write_text("# " + "x" * (17 * 1024 * 1024) + "\n")
    (project / "modelcfg.yaml").write_text("version: 1\nextends: [big.yaml]\n")
    output = clean(modelcfg(project, "compile", "-p", ".", "-o", "-"), 1)
    assert "modelcfg.yaml:2:11: error[MC006]: `big.yaml` is 17408 KiB, over the 16 MiB limit" in output


def test_an_extends_chain_of_500_files(project: Path) -> None:
    for i in range(500):
        (project / f"f{i}.yaml").write_text(f"extends: [f{i + 1}.yaml]\n" if i < 499 else "{}\n")
    (project / "modelcfg.yaml").write_text("version: 1\nextends: [f0.yaml]\n")
    output = clean(modelcfg(project, "compile", "-p", ".", "-o", "-"), 1)
    assert "f62.yaml:1:11: error[MC009]: extends chain deeper than 64 files (from `modelcfg.yaml`)" in output


def test_a_set_path_of_300_keys(project: Path) -> None:
    (project / "modelcfg.yaml").write_text('version: 1\nextends: ["preset:openai"]\n')
    deep = ".".join(["a"] * 300)
    output = clean(modelcfg(project, "compile", "-p", ".", "-o", "-", "--set", f"{deep}=1"), 2)
    assert "<--set>:1:1: error[MC014]: `a.a.a" in output
    assert "is a path of 300 keys; a setting path has at most 32" in output


def test_an_environment_variable_path_of_300_keys(project: Path) -> None:
    (project / "modelcfg.yaml").write_text('version: 1\nextends: ["preset:openai"]\n')
    name = "MODELCFG__" + "__".join(["A"] * 300)
    for command in (["compile", "-p", ".", "-o", "-"], ["lint", "."], ["explain", "providers", "-p", "."]):
        output = clean(modelcfg(project, *command, env={name: "1"}), 2)
        assert "is a path of 300 keys" in output
