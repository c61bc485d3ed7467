"""Every ```console block of README.md and docs/*.md runs, and prints what it shows.

A block that cannot run offline or here (network, an editor, a benchmark's timings) is
marked `<!-- docs-test: skip (reason) -->` and reported as a skipped test with its reason.
"""

from pathlib import Path

import pytest

from .blocks import Block, blocks
from .console import explain, matches, normalise, steps
from .workspace import prepare, run

CONSOLE = [block for block in blocks() if block.lang == "console"]


@pytest.mark.parametrize("block", CONSOLE, ids=[block.id for block in CONSOLE])
def test_console_block(block: Block, tmp_path: Path) -> None:
    if block.marked("skip"):
        pytest.skip(f"{block.id}: {block.reason}")
    commands = steps(block.lines)
    cwd = prepare(tmp_path, block, "\n".join(step.command for step in commands))
    status = 0
    for step in commands:
        done = run(step.command, cwd, status)
        status = done.returncode
        output = normalise(done.stdout, str(cwd))
        failure = explain(step.command, step.expected, output, status)
        assert "Traceback (most recent call last)" not in output, failure
        if step.expected:
            expected = tuple(normalise(line, str(cwd)) for line in step.expected)
            assert matches(expected, output), explain(step.command, expected, output, status)
        else:
            assert status < 2, failure
