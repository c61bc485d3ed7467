"""Every ```python block of README.md and docs/*.md runs as a program, in a subprocess.

It runs in the same workspace as the console blocks (a copy of `examples/` and the
compiled `build/modelcfg.lock.json`), with every provider of that table pointed at the
test emulator (a real HTTP server on 127.0.0.1 speaking each wire protocol), so a block
that calls models runs offline. A block that is not a whole program is marked
`<!-- docs-test: fragment (reason) -->`; one that cannot run here `skip (reason)`.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.emulator import Emulator

from .blocks import Block, blocks
from .workspace import environment, point_at, prepare

PYTHON = [block for block in blocks() if block.lang == "python"]


@pytest.mark.parametrize("block", PYTHON, ids=[block.id for block in PYTHON])
def test_python_block(block: Block, tmp_path: Path, emulator: Emulator) -> None:
    code = "\n".join(block.lines) + "\n"
    if block.marked("fragment"):
        compile(code, block.id, "exec")  # a fragment is still valid Python
    if block.marked("skip", "fragment"):
        pytest.skip(f"{block.id}: {block.reason}")
    cwd = prepare(tmp_path, block, code)
    keys = point_at(cwd, {api: emulator.base(api) for api in ("openai", "anthropic", "gemini")})
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=environment() | keys,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, f"{block.id} failed:\n{done.stdout}"
    if re.search(r"\.(generate_\w+|embed)\(", code):
        assert emulator.count() > 0, f"{block.id} calls a model, but the emulator saw no request"
