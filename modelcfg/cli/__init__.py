"""The `modelcfg` command line: a thin click layer over the library.

Subcommands are imported only when invoked, so `modelcfg --help` stays fast.
Each command parses options, calls one library function, renders the result and
returns an exit code: 0 ok, 1 findings/invalid, 2 usage or unreadable input. The flags every
command shares are defined once in `options.py`, the error style in `errors.py` (docs/cli.md).
"""

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from modelcfg import __version__

from .errors import render_click_error

#: command name -> "module:attribute" under modelcfg.cli; the one registry of commands.
COMMANDS: dict[str, str] = {
    "compile": "compile_cmd:compile_command",
    "explain": "explain_cmd:explain_command",
    "lint": "lint_cmd:lint_command",
    "diff": "diff_cmd:diff_command",
    "schema": "schema_cmd:schema_command",
    "catalog": "catalog_cmd:catalog_group",
    "init": "init_cmd:init_command",
    "bench": "bench_cmd:bench_command",
    "cache": "cache_cmd:cache_group",
    "usage": "usage_cmd:usage_command",
    "export": "export_cmd:export_command",
    "import": "import_cmd:import_command",
    "lsp": "lsp_cmd:lsp_command",
}

_SHORT_HELP: dict[str, str] = {
    "compile": "Compile a project into the frozen runtime table.",
    "explain": "Show a setting's final value and every layer that set it.",
    "lint": "Check configs for mistakes (rule ids, SARIF/GitHub output).",
    "diff": "Compare effective settings between envs, files, tables or git revisions.",
    "schema": "Print the JSON Schema of config documents (or of the table).",
    "catalog": "Look up and refresh the model catalog.",
    "init": "Scaffold a new project with editor hints.",
    "bench": "Run test prompts through each model class and report latency.",
    "cache": "Inspect or clear the embedding cache.",
    "usage": "Show rate-limit and token usage counters.",
    "export": "Export the compiled table to LiteLLM, Eliza, dotenv or a template.",
    "import": "Import a LiteLLM or Eliza config as a modelcfg project.",
    "lsp": "Run the language server for editors (needs the lsp extra).",
}


class LazyGroup(click.Group):
    """A group whose subcommands are loaded on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"modelcfg.cli.{module_name}")
        command: click.Command = getattr(module, attr)
        return command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; in standalone mode, click's usage errors are printed in our one error style."""
        prog_name = "modelcfg"  # also under `python -m modelcfg` and click.testing
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            click.echo(render_click_error(exc), err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="modelcfg")
def cli() -> None:
    """Compile, lint, diff and run LLM model-provider settings.

    \b
    Example:
      modelcfg compile examples --env production -o build/modelcfg.lock.json
    """


def main(argv: list[str] | None = None) -> Any:
    """Console entry point."""
    return cli.main(args=argv, prog_name="modelcfg")
