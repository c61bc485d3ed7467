"""The pre-commit hooks call commands and options that exist."""

import shlex

from click.testing import CliRunner
from ruamel.yaml import YAML

from modelcfg.cli import cli

from .helpers import REPO


def test_hooks_name_real_commands() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["modelcfg-lint", "modelcfg-compile-check"]
    for hook in hooks:
        program, command, *options = shlex.split(hook["entry"])
        assert program == "modelcfg" and hook["pass_filenames"] is False
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert all(option in result.output for option in options)
