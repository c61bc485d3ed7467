"""No write destroys data: every output goes through one atomic writer that keeps the target's mode.

Real `modelcfg` processes write real files; a full disk is a file size limit
(RLIMIT_FSIZE: writes past it fail with EFBIG, as ENOSPC would), a read-only directory is
one the process may not write to (for root: an immutable one, `chattr +i`).
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

OLD = "the old file, which must survive\n"
#: Each writer: its arguments, given the output path (run inside an `init`ed project).
WRITERS: dict[str, Callable[[str], list[str]]] = {
    "compile": lambda out: ["compile", "-p", ".", "-o", out],
    "export": lambda out: ["export", "dotenv", "-o", out],
    "lint": lambda out: ["lint", ".", "-o", out],
}


def modelcfg(
    cwd: Path, *args: str, umask: int = 0o022, fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        os.umask(umask)
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELCFG")}
    environ.update({"NO_COLOR": "1", "MODELCFG_NO_CACHE": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    return subprocess.run(
        [sys.executable, "-m", "modelcfg", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limits,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    result = modelcfg(tmp_path, "init", "-p", "proj")
    assert result.returncode == 0, result.stderr
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_a_new_file_gets_the_usual_mode(project: Path, writer: str, umask: int) -> None:
    result = modelcfg(project, *WRITERS[writer]("out/new.txt"), umask=umask)
    assert result.returncode in (0, 1), result.stderr  # lint exits 1 on findings, after writing
    assert mode(project / "out" / "new.txt") == 0o666 & ~umask  # the parent was created too


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_existing_file_keeps_its_mode(project: Path, writer: str) -> None:
    target = project / "out.txt"
    target.write_text(OLD)
    target.chmod(0o640)
    assert modelcfg(project, *WRITERS[writer]("out.txt")).returncode in (0, 1)
    assert mode(target) == 0o640
    assert target.read_text() != OLD


def test_init_files_get_the_usual_mode(tmp_path: Path) -> None:
    assert modelcfg(tmp_path, "init", "-p", "fresh/nested", umask=0o002).returncode == 0
    for path in ("modelcfg.yaml", "envs/production.yaml", ".modelcfg/modelcfg.schema.json"):
        assert mode(tmp_path / "fresh" / "nested" / path) == 0o664


def test_a_symlinked_target_is_written_through(project: Path) -> None:
    real = project / "real.json"
    real.write_text(OLD)
    (project / "link.json").symlink_to(real)
    assert modelcfg(project, "compile", "-p", ".", "-o", "link.json").returncode == 0
    assert (project / "link.json").is_symlink()
    assert '"content_hash"' in real.read_text()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_full_disk_leaves_the_old_file_whole(project: Path, writer: str) -> None:
    target = project / "out.txt"
    target.write_text(OLD)
    result = modelcfg(project, *WRITERS[writer]("out.txt"), fsize=8)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "error: cannot write out.txt: file too large (the old file is unchanged)" in result.stderr
    assert target.read_text() == OLD
    assert no_temp_files(project)


def test_init_on_a_full_disk_is_a_clear_error(tmp_path: Path) -> None:
    result = modelcfg(tmp_path, "init", "-p", "big", fsize=64)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "cannot write big/modelcfg.yaml: file too large" in result.stderr


@contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """Make ``folder`` unwritable for this user; yields the reason a write will fail with.

    Root ignores permission bits, so for root the directory is made immutable (chattr +i).
    """
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "permission denied"
        finally:
            folder.chmod(0o755)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.fail(f"root needs chattr +i for a read-only directory here: {made.stderr.strip()}")
    try:
        yield "operation not permitted"
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_read_only_directory_leaves_the_old_file_whole(project: Path, writer: str) -> None:
    folder = project / "locked"
    folder.mkdir()
    target = folder / "out.txt"
    target.write_text(OLD)
    target.chmod(0o666)  # the file itself is writable: only an in-place write could change it
    with read_only(folder) as reason:
        result = modelcfg(project, *WRITERS[writer]("locked/out.txt"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"cannot write locked/out.txt: {reason} (the old file is unchanged)" in result.stderr
    assert target.read_text() == OLD


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_directory_as_the_target_is_refused(project: Path, writer: str) -> None:
    (project / "adir").mkdir()
    result = modelcfg(project, *WRITERS[writer]("adir"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "is a directory" in result.stderr
    assert (project / "adir").is_dir()
