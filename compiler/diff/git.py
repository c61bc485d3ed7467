"""Read a project as it was at a git revision, through `git ls-tree`/`git cat-file`.

Nothing touches the working tree or the index: the compiler reads every file
through a `GitReader`, which asks git for the blob at the revision.
"""

import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitProblem(Exception):
    """git is missing, the directory is not in a repository, or a revision does not exist."""


@dataclass(frozen=True, slots=True)
class Revision:
    """A commit of the repository holding a project, and where the project sits in it."""

    repo: Path
    commit: str
    prefix: str  # the project directory relative to the repository root, POSIX, "" at the top


def git(cwd: Path, *args: str) -> str:
    """Run a read-only git command in ``cwd``; its stdout, or GitProblem with git's own message."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, env=_quiet_env())
    except OSError as exc:
        raise GitProblem(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        raise GitProblem(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout.decode(errors="replace")


def _quiet_env() -> dict[str, str]:
    import os

    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def repo_root(project: Path) -> Path | None:
    """The top of the git work tree holding ``project``, or None when it is not in one."""
    probe = project if project.is_dir() else project.parent
    while not probe.exists():
        probe = probe.parent
    try:
        return Path(git(probe, "rev-parse", "--show-toplevel").strip())
    except GitProblem:
        return None


def resolve_commit(repo: Path, rev: str) -> str | None:
    """The commit ``rev`` names in ``repo``, or None when it names none."""
    if not rev or rev.startswith("-"):
        return None
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip() or None
    except GitProblem:
        return None


def merge_base(repo: Path, a: str, b: str) -> str:
    """The best common ancestor of two commits (for `A...B`)."""
    return git(repo, "merge-base", a, b).strip()


def revision(project: Path, repo: Path, commit: str) -> Revision:
    """The Revision of ``project`` (a directory) at ``commit``."""
    relative = project.resolve().relative_to(repo.resolve()).as_posix()
    return Revision(repo, commit, "" if relative == "." else relative + "/")


class GitReader:
    """The compiler's Reader over one revision: paths are relative to the project directory."""

    def __init__(self, rev: Revision) -> None:
        self._rev = rev
        listing = git(rev.repo, "ls-tree", "-r", "-z", "--name-only", rev.commit, "--", rev.prefix or ".")
        self._files = frozenset(name for name in listing.split("\0") if name)

    def _full(self, relpath: str | Path) -> str | None:
        """The repository path of ``relpath``; None when it leaves the project directory."""
        relative = posixpath.normpath(Path(relpath).as_posix())
        if relative.startswith(("..", "/")):
            return None
        return self._rev.prefix + relative

    def exists(self, relpath: str | Path) -> bool:
        """Whether a file (not a directory) is at ``relpath`` in the revision, like FileReader."""
        full = self._full(relpath)
        return full is not None and full in self._files

    def read_bytes(self, relpath: str | Path) -> bytes:
        full = self._full(relpath)
        if full is None or full not in self._files:
            raise FileNotFoundError(f"{relpath}: not in revision {self._rev.commit[:12]}")
        try:
            done = subprocess.run(
                ["git", "cat-file", "blob", f"{self._rev.commit}:{full}"],
                cwd=self._rev.repo,
                capture_output=True,
                check=True,
                env=_quiet_env(),
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise FileNotFoundError(f"{relpath}: cannot read it from git ({exc})") from exc
        return done.stdout
