"""A valid project on disk, a CLI runner, and key-shaped strings for the key-leak tests."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from modelcfg.cli import cli

#: Made-up keys, one per shape; none is a real credential.
ANTHROPIC_KEY = "sk-ant-api03-Qw3rTy8uIoP4aSdF6gHjK9lZxCvB"
OPENAI_KEY = "sk-proj-Zq8xR2vN4mK7pL1tY6wE3uI0oPaS"
GOOGLE_KEY = "AIzaSyD4-fAk3kEyF0rT3sT1nG0nLyQwErTy"

PROJECT = """\
version: 1
extends:
  - preset:openai
allow_env: [OPENAI_API_KEY, REGION]
providers:
  openai:
    api_key_env: OPENAI_API_KEY
    headers:
      X-Team: support
"""


@dataclass(frozen=True)
class Run:
    """What one CLI invocation showed: exit code and both streams."""

    code: int
    stdout: str
    stderr: str

    @property
    def shown(self) -> str:
        return self.stdout + self.stderr


def write_project(root: Path, extra: str = "") -> Path:
    """PROJECT (plus ``extra`` YAML lines appended under it) as root/modelcfg.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "modelcfg.yaml").write_text(PROJECT + extra, encoding="utf-8")
    return root


def run(args: list[str], env: dict[str, str] | None = None) -> Run:
    """`modelcfg ARGS` in-process, with ``env`` added to the environment."""
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def table_with(table: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    """A copy of ``table`` with openai's headers replaced and the content_hash made to match."""
    doctored = json.loads(json.dumps(table))
    doctored["body"]["providers"]["openai"]["headers"] = headers
    canonical = json.dumps(doctored["body"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    doctored["content_hash"] = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return doctored


def files_text(root: Path) -> str:
    """Every file under ``root`` except the project file itself, read as text."""
    return "".join(
        p.read_text("utf-8", errors="replace")
        for p in root.rglob("*")
        if p.is_file() and p.name != "modelcfg.yaml"
    )
