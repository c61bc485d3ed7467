"""What the test suite leaves in the repository: nothing.

`git status --porcelain --ignored` is read at the start and at the end of a session; a file
or directory that appeared in between (a `.modelcfg_cache/`, a `build/`, a stray table) was
written by a test into the repository instead of into `tmp_path`. Tool caches that every run
makes (`__pycache__`, `.hypothesis`, …) are not counted.
"""

import subprocess
from pathlib import Path

__all__ = ["REPO", "untracked"]

REPO = Path(__file__).resolve().parent.parent

#: Written by Python, pytest, hypothesis and the linters on every run, never by modelcfg.
_TOOL_DIRS = frozenset(
    {".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", ".typecheck"}
)


def untracked(repo: Path = REPO) -> set[str] | None:
    """Untracked and ignored paths in ``repo`` (tool caches left out); None outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--ignored", "--", "."],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    paths = {line[3:] for line in done.stdout.splitlines() if line[:2] in ("??", "!!")}
    return {p for p in paths if not _TOOL_DIRS & set(Path(p).parts) and ".egg-info" not in p}
