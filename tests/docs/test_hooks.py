"""The pre-commit hooks check what the README's commands write."""

import shlex

from ruamel.yaml import YAML

from .blocks import REPO, blocks
from .console import steps


def _option(words: list[str], name: str) -> str | None:
    return words[words.index(name) + 1] if name in words else None


def test_the_compile_check_hook_reads_the_table_the_readme_writes() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [check] = [hook for hook in hooks if hook["id"] == "modelcfg-compile-check"]
    readme = [b for b in blocks([REPO / "README.md"]) if b.lang == "console"]
    written = {
        _option(words, "-o")
        for block in readme
        for step in steps(block.lines)
        for words in [shlex.split(step.command, comments=True)]
        if words[:2] == ["modelcfg", "compile"] and "--set" not in words
    }
    assert written == {"build/modelcfg.lock.json"}
    assert _option(shlex.split(check["entry"]), "-o") == "build/modelcfg.lock.json"
