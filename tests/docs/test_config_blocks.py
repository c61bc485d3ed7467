"""Every ```yaml and ```toml block of README.md and docs/*.md parses (as the compiler reads it)."""

import tomllib

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .blocks import Block, blocks

CONFIGS = [block for block in blocks() if block.lang in {"yaml", "toml"}]


@pytest.mark.parametrize("block", CONFIGS, ids=[block.id for block in CONFIGS])
def test_config_block_parses(block: Block) -> None:
    if block.marked("skip"):
        pytest.skip(f"{block.id}: {block.reason}")
    text = "\n".join(block.lines) + "\n"
    try:
        if block.lang == "toml":
            tomllib.loads(text)
        else:
            YAML(typ="safe", pure=True).load(text)
    except (tomllib.TOMLDecodeError, YAMLError) as exc:
        pytest.fail(f"{block.id}: this {block.lang} block does not parse: {exc}")
