"""Helpers for compiler tests: write a project into tmp_path and compile it."""

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

BASE = """
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    models:
      small: gpt-4.1-mini
      large: gpt-4.1
    settings:
      temperature: 0.6
"""

WriteProject = Callable[..., Path]


@pytest.fixture
def project(tmp_path: Path) -> WriteProject:
    """project({"modelcfg.yaml": "...", "envs/prod.yaml": "..."}) -> the project directory."""

    def write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return tmp_path

    return write
