"""A block marked `<!-- docs-test: output PATH -->` is the file the console block above it writes."""

from pathlib import Path

import pytest

from .blocks import REPO, Block, blocks
from .console import steps
from .workspace import prepare, run

OUTPUTS = [block for block in blocks() if block.marked("output")]


def _console_before(block: Block) -> Block:
    page = blocks([REPO / block.doc])
    earlier = [b for b in page if b.lang == "console" and b.line < block.line]
    assert earlier, f"{block.id}: an output block follows the console block that writes it"
    return earlier[-1]


@pytest.mark.parametrize("block", OUTPUTS, ids=[block.id for block in OUTPUTS])
def test_output_block_is_what_the_commands_write(block: Block, tmp_path: Path) -> None:
    assert block.marker is not None
    console = _console_before(block)
    commands = steps(console.lines)
    cwd = prepare(tmp_path, console, "\n".join(step.command for step in commands))
    for step in commands:
        run(step.command, cwd)
    written = cwd / block.marker.argument
    assert written.is_file(), f"{block.id}: the commands above it wrote no `{block.marker.argument}`"
    assert written.read_text(encoding="utf-8") == "\n".join(block.lines) + "\n"
