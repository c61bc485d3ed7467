"""The pre-commit hooks check what the README's commands write."""

import shlex
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .blocks import REPO, blocks
from .console import steps
from .workspace import prepare, run


def _hook(hook_id: str) -> dict[str, Any]:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [hook for hook in hooks if hook["id"] == hook_id]
    return dict(hook)


def _option(words: list[str], name: str) -> str | None:
    return words[words.index(name) + 1] if name in words else None


def test_the_compile_check_hook_reads_the_table_the_readme_writes() -> None:
    check = _hook("modelcfg-compile-check")
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


def test_the_compile_check_hook_passes_after_the_readme_compile(tmp_path: Path) -> None:
    """pre-commit runs `entry` + `args` at the repository root: the README's project is `examples`."""
    readme = next(b for b in blocks([REPO / "README.md"]) if b.lang == "console")
    cwd = prepare(tmp_path, readme, "")
    done = run(f"{_hook('modelcfg-compile-check')['entry']} -p examples --env production", cwd)
    assert (done.returncode, done.stdout) == (0, "build/modelcfg.lock.json: up to date\n")
    stale = run(f"{_hook('modelcfg-compile-check')['entry']} -p examples --env staging", cwd)
    assert stale.returncode == 1
