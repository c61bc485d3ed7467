"""Every command spells the shared flags the same way (docs/cli.md), walking click's command tree.

New commands are held to the same rules without being listed here; a command that has none of
the shared flags (like a language server) passes them trivially.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from modelcfg.cli import cli
from modelcfg.cli.options import COLOR_HELP, TABLE_HELP, rewrite

#: `schema --table` is a flag choosing which schema to print: it reads no table (docs/cli.md).
TABLE_FLAG_EXEMPT = {"modelcfg schema"}


def commands() -> Iterator[tuple[str, click.Command]]:
    """(command path, command) for every leaf command under `modelcfg`."""

    def walk(path: str, command: click.Command) -> Iterator[tuple[str, click.Command]]:
        if isinstance(command, click.Group):
            ctx = click.Context(command, info_name=path.split()[-1])
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, f"{path} {name} is listed but does not load"
                yield from walk(f"{path} {name}", sub)
        else:
            yield path, command

    return walk("modelcfg", cli)


COMMANDS = dict(commands())


def options(command: click.Command) -> dict[str, click.Option]:
    """Each option of ``command`` under every one of its spellings."""
    found: dict[str, click.Option] = {}
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            for spelling in (*param.opts, *param.secondary_opts):
                found[spelling] = param
    return found


def test_the_walk_sees_every_command() -> None:
    assert {"modelcfg compile", "modelcfg cache stats", "modelcfg catalog show", "modelcfg diff"} <= set(
        COMMANDS
    )
    assert len(COMMANDS) >= 15


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_shared_flags_are_spelled_one_way(path: str) -> None:
    opts = options(COMMANDS[path])
    short_forms = {"-p": "--project", "-f": "--format", "-o": "--output", "-e": "--env"}
    for short, long in short_forms.items():
        if short in opts:
            assert long in opts[short].opts, f"{path}: {short} is not {long}"
    if "--env" in opts:
        assert (opts["--env"].opts, opts["--env"].metavar) == (["-e", "--env"], "NAME"), path
    if "--project" in opts:
        project = opts["--project"]
        assert (project.opts, project.metavar) == (["-p", "--project"], "PATH"), path
        assert (project.help or "").startswith("Project directory"), path
    if "--format" in opts:
        fmt = opts["--format"]
        assert (fmt.opts, fmt.metavar) == (["-f", "--format"], "FORMAT"), path
        assert isinstance(fmt.type, click.Choice)
        assert fmt.help == f"Output format: {', '.join(map(str, fmt.type.choices))}.", path
    if "--output" in opts:
        output = opts["--output"]
        assert (output.opts, output.metavar) == (["-o", "--output"], "FILE"), path
        assert isinstance(output.type, click.Path) and not output.type.dir_okay, f"{path}: -o is a file"
        assert (output.help or "").startswith("Write to FILE ("), path
    if "--color" in opts:
        color = opts["--color"]
        assert (color.opts, color.secondary_opts, color.help) == (["--color"], ["--no-color"], COLOR_HELP)
    if "--table" in opts and path not in TABLE_FLAG_EXEMPT:
        table = opts["--table"]
        assert (table.opts, table.metavar, table.help) == (["--table"], "FILE", TABLE_HELP), path


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_commands_that_compile_take_the_project_and_color(path: str) -> None:
    opts = options(COMMANDS[path])
    if "--env" in opts:
        assert "--project" in opts and "--color" in opts, f"{path} compiles but lacks -p or --color"
    if "--table" in opts and path not in TABLE_FLAG_EXEMPT:
        assert "--format" in opts or "--output" in opts or "--color" in opts, path


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_usage_errors_have_one_style(path: str) -> None:
    result = CliRunner().invoke(cli, [*path.split()[1:], "--no-such-flag"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: No such option '--no-such-flag'"), result.stderr
    assert f"hint: see `{path} --help`" in result.stderr
    assert (
        "Usage:" not in result.stderr and "Error:" not in result.stderr and "Traceback" not in result.stderr
    )


def test_deprecated_spellings_are_rewritten_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    renamed = {"-C": ("-p",), "--json": ("--format", "json")}
    args = ["-C", "dir", "x", "--json", "-Cother", "--", "-C"]
    rewritten = ["-p", "dir", "x", "--format", "json", "-p", "other", "--", "-C"]
    assert rewrite(args, renamed, "modelcfg diff") == rewritten
    err = capsys.readouterr().err
    assert "warning: `modelcfg diff -C` is deprecated and will be removed in the next release; use" in err
    assert "use `modelcfg diff -p`" in err and "use `modelcfg diff --format json`" in err


def test_old_spellings_still_work(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    table = tmp_path / "t.json"
    old = CliRunner().invoke(cli, ["compile", str(examples), "-o", str(table), "--no-cache"])
    assert old.exit_code == 0, old.output
    assert "use `modelcfg compile -p PROJECT`" in old.stderr and table.is_file()
    shown = CliRunner().invoke(cli, ["catalog", "show", "gpt-4o", "--provider", "openai", "--json"])
    assert shown.exit_code == 0 and shown.stdout.lstrip().startswith("[")
    assert "use `modelcfg catalog show --format json`" in shown.stderr
    both = CliRunner().invoke(cli, ["compile", str(examples), "-p", str(examples)])
    assert both.exit_code == 2 and both.stderr.startswith("error: give the project once")


def test_help_loads_no_command_and_no_heavy_module() -> None:
    code = (
        "import sys; from modelcfg.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pydantic', 'ruamel', 'jinja2', 'httpx', 'modelcfg.compiler.project') "
        "if m in sys.modules]\n"
        "print('heavy:', heavy, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "heavy: []" in done.stderr and "compile" in done.stdout
