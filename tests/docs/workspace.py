"""The directory a documented block runs in: a temp copy of what the docs' commands name.

It holds a copy of `examples/`, the table the README writes (`build/modelcfg.lock.json`,
examples compiled for production) and every other repository path a block names
(`tests/lint/seed_project`), and the files the page's `file` blocks hold; `.venv`
is this venv. Commands find the installed `modelcfg` entry point and this
venv's `python` first on PATH; no MODELCFG_* variable of the caller leaks in.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .blocks import REPO, Block, blocks

BIN = Path(sys.executable).parent
WORD = re.compile(r"[\w./-]+")


def prepare(tmp: Path, block: Block, text: str) -> Path:
    """Fill ``tmp`` for ``block``, whose commands or code are ``text``; returns the directory to run in."""
    shutil.copytree(REPO / "examples", tmp / "examples")
    for given in blocks([REPO / block.doc]):
        if given.marker is not None and given.marker.kind == "file":
            (tmp / given.marker.argument).parent.mkdir(parents=True, exist_ok=True)
            (tmp / given.marker.argument).write_text("\n".join(given.lines) + "\n", encoding="utf-8")
    (tmp / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    for word in sorted(set(WORD.findall(text))):
        _copy_named(tmp, word.strip("./"))
    compiled = run("modelcfg compile examples --env production -o build/modelcfg.lock.json", tmp)
    assert compiled.returncode == 0, compiled.stdout
    return tmp / block.marker.argument if block.marked("cwd") and block.marker is not None else tmp


def _copy_named(tmp: Path, word: str) -> None:
    if not word or word.startswith(("examples", "build")) or ".." in word:
        return
    source = REPO / word
    if not source.exists() or source == REPO or (tmp / word).exists():
        return
    if source.is_dir():
        if word.split("/")[0] in {"tests", "benchmarks", "docs", "profiles"}:
            ignored = shutil.ignore_patterns("__pycache__", ".modelcfg_cache")
            shutil.copytree(source, tmp / word, ignore=ignored)
    else:
        (tmp / word).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, tmp / word)


def point_at(cwd: Path, bases: dict[str, str]) -> dict[str, str]:
    """Recompile `build/modelcfg.lock.json` with every provider's endpoint at ``bases[api]``
    (the test emulator); returns the API key variables a program needs (dummy values)."""
    table = json.loads((cwd / "build" / "modelcfg.lock.json").read_text(encoding="utf-8"))
    providers = table["body"]["providers"]
    sets = " ".join(
        f"--set providers.{name}.endpoint={bases[provider['api']]}" for name, provider in providers.items()
    )
    compiled = run(f"modelcfg compile examples --env production -o build/modelcfg.lock.json {sets}", cwd)
    assert compiled.returncode == 0, compiled.stdout
    return {p["api_key_env"]: "emulated-key" for p in providers.values() if p.get("api_key_env")}


def environment() -> dict[str, str]:
    """The caller's environment without MODELCFG_* settings, colour off, this venv first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELCFG")}
    env |= {"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("FORCE_COLOR", None)
    return env


def run(command: str, cwd: Path, last_status: int = 0) -> subprocess.CompletedProcess[str]:
    """One documented command in bash, with `$?` set to the previous command's status."""
    return subprocess.run(
        ["bash", "-c", f"(exit {last_status}); {command}"],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=90,
        check=False,
    )
