"""The session-end check: files a test writes into the repository are seen, tool caches are not."""

import subprocess
from pathlib import Path

from tests.repo_tree import untracked


def git_repo(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text(".modelcfg_cache/\n__pycache__/\n", encoding="utf-8")
    (root / "examples").mkdir()
    (root / "examples" / "modelcfg.yaml").write_text("providers: {}\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    return root


def test_new_untracked_and_ignored_files_are_reported(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    before = untracked(repo)
    assert before == set()
    (repo / "examples" / ".modelcfg_cache").mkdir()
    (repo / "examples" / ".modelcfg_cache" / "entry.json").write_text("{}", encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "table.json").write_text("{}", encoding="utf-8")
    (repo / "examples" / "__pycache__").mkdir()
    (repo / ".hypothesis").mkdir()
    (repo / ".hypothesis" / "db").write_text("", encoding="utf-8")
    assert untracked(repo) == {"examples/.modelcfg_cache/", "build/"}


def test_outside_a_git_checkout_there_is_nothing_to_check(tmp_path: Path) -> None:
    assert untracked(tmp_path) is None
