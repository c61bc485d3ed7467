"""Git revisions: a project read through git in a temporary repository, never touching its work tree."""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from modelcfg.compiler.diff.git import GitReader, resolve_commit, revision

from tests.diff.golden import assert_golden, run_cli
from tests.diff.project import PRODUCTION, write_project

IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose project lives in `config/`.

    main:    c1 (base) -> c2 (production: temperature of precise 0.4 -> 0.5)
    feature: from c1, production's gpt-4o -> gpt-4.1-mini
    working tree (on main): production's max_output_tokens 16000 -> 20000, uncommitted
    """
    git(tmp_path, "init", "-q", "-b", "main")
    project = write_project(tmp_path / "config")
    (tmp_path / "shared.yaml").write_text("profiles: {}\n")
    commit(tmp_path, "c1")
    git(tmp_path, "branch", "feature")
    (project / "envs" / "production.yaml").write_text(PRODUCTION.replace("0.4", "0.5"))
    commit(tmp_path, "c2")
    git(tmp_path, "checkout", "-q", "feature")
    (project / "envs" / "production.yaml").write_text(PRODUCTION.replace("gpt-4o", "gpt-4.1-mini"))
    commit(tmp_path, "f1")
    git(tmp_path, "checkout", "-q", "main")
    (project / "envs" / "production.yaml").write_text(
        PRODUCTION.replace("0.4", "0.5").replace("16000", "20000")
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def state(repo: Path) -> tuple[str, str, str]:
    """What a diff must leave alone: status, the index file, the work-tree file."""
    index = hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest()
    status = subprocess.run(  # GIT_OPTIONAL_LOCKS=0: this check itself must not refresh the index
        ["git", "status", "--porcelain=v1"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
    ).stdout
    return status, index, (repo / "config/envs/production.yaml").read_text()


def test_reader_sees_the_revision_not_the_work_tree(repo: Path) -> None:
    commit_id = resolve_commit(repo, "HEAD~1")
    assert commit_id is not None
    reader = GitReader(revision(repo / "config", repo, commit_id))
    assert reader.read_bytes("envs/production.yaml").decode() == PRODUCTION
    assert reader.exists("modelcfg.yaml")
    assert not reader.exists("envs")  # directories are not files, as with FileReader
    assert not reader.exists("../shared.yaml")  # nothing outside the project
    assert reader.exists("envs/../modelcfg.yaml")
    assert not reader.exists("missing.yaml")
    with pytest.raises(FileNotFoundError):
        reader.read_bytes("missing.yaml")


def test_revision_against_the_work_tree(repo: Path) -> None:
    before = state(repo)
    out = assert_golden("git_head_vs_worktree", ["diff", "HEAD", "-p", "config", "--env", "production"])
    assert state(repo) == before
    assert "config/envs/production.yaml:6" in out  # the work-tree side names files from here


def test_revision_range_names_files_at_the_revision(repo: Path) -> None:
    before = state(repo)
    code, out, _ = run_cli(["diff", "HEAD~1..HEAD", "-p", "config", "--env", "production", "--exit-code"])
    assert state(repo) == before
    assert code == 1
    assert "~ profiles.precise.temperature: 0.4 → 0.5  HEAD:config/envs/production.yaml:11" in out


def test_branch_ranges_two_and_three_dots(repo: Path) -> None:
    _, two, _ = run_cli(["diff", "main..feature", "-p", "config", "--env", "production"])
    assert '"gpt-4o" → "gpt-4.1-mini"' in two
    assert "profiles.precise.temperature: 0.5 → 0.4" in two  # main moved on since feature branched
    _, three, _ = run_cli(["diff", "main...feature", "-p", "config", "--env", "production"])
    assert '"gpt-4o" → "gpt-4.1-mini"' in three
    assert "profiles.precise.temperature" not in three  # from the merge base: only feature's change


def test_two_revisions_as_two_arguments(repo: Path) -> None:
    assert run_cli(["diff", "HEAD~1", "HEAD", "-p", "config", "--env", "production"]) == run_cli(
        ["diff", "HEAD~1..HEAD", "-p", "config", "--env", "production"]
    )


def test_environment_range_inside_a_repository(repo: Path) -> None:
    code, out, _ = run_cli(["diff", "staging..production", "-p", "config", "--exit-code"])
    assert code == 1
    assert out.startswith("modelcfg diff staging → production\n")


def test_a_revision_without_the_project_exits_2(repo: Path) -> None:
    (repo / "other").mkdir()
    write_project(repo / "other")
    code, _, stderr = run_cli(["diff", "HEAD", "-p", "other"])
    assert code == 2
    assert "no modelcfg.yaml" in stderr


def test_unknown_revision_exits_2(repo: Path) -> None:
    code, _, stderr = run_cli(["diff", "nosuch..HEAD", "-p", "config"])
    assert code == 2
    assert "`nosuch..HEAD`: `nosuch` is not a git revision here" in stderr
