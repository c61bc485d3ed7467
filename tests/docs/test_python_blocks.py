"""Every ```python block of README.md and docs/*.md runs as a program, in a subprocess.

It runs in the same workspace as the console blocks (a copy of `examples/` and the
compiled `build/modelcfg.lock.json`). A block that is not a whole program is marked
`<!-- docs-test: fragment (reason) -->`; one that needs the network `skip (reason)`.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from .blocks import Block, blocks
from .workspace import environment, prepare

PYTHON = [block for block in blocks() if block.lang == "python"]


@pytest.mark.parametrize("block", PYTHON, ids=[block.id for block in PYTHON])
def test_python_block(block: Block, tmp_path: Path) -> None:
    if block.marked("skip", "fragment"):
        pytest.skip(f"{block.id}: {block.reason}")
    code = "\n".join(block.lines) + "\n"
    cwd = prepare(tmp_path, block, code)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, f"{block.id} failed:\n{done.stdout}"
