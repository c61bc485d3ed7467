"""`modelcfg export`: render the compiled table as a LiteLLM, Eliza or dotenv config, or a template."""

import sys
from pathlib import Path

import click

from .diagnostics import print_diagnostics, table_or_exit
from .errors import fail
from .options import (
    Command,
    chosen_project,
    color_option,
    env_option,
    output_option,
    project_option,
    table_option,
)

FORMATS = ("litellm", "eliza", "eliza-character", "dotenv", "template")


@click.command("export", cls=Command)
@click.argument("target", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("positional", metavar="[PROJECT]", required=False, type=click.Path(path_type=Path))
@project_option
@env_option
@output_option()
@click.option("--check", is_flag=True, help="Exit 1 when FILE (-o) is not what an export writes now.")
@click.option("--template", "template", type=click.Path(dir_okay=False), help="Your own Jinja2 template.")
@table_option
@color_option
def export_command(
    target: str,
    positional: Path | None,
    project: Path | None,
    env: str | None,
    output: Path | None,
    check: bool,
    template: str | None,
    table_path: Path | None,
    color: bool | None,
) -> None:
    """Export the compiled table to a config another tool runs: a LiteLLM proxy config.yaml,
    elizaOS plugin variables (.env) or a character `settings` fragment, MODELCFG_* dotenv
    lines, or your own sandboxed Jinja2 template over the table (FORMAT `template`).

    The output starts with the table's content_hash; `--check -o FILE` exits 1 when FILE is
    stale, like `compile --check`. Exit status: 0 ok, 1 invalid project or stale file,
    2 usage or unreadable input. A positional PROJECT still works for this release
    (deprecated; use -p).

    \b
    Examples:
      modelcfg export litellm -p examples --env production -o litellm.config.yaml
      modelcfg export litellm -p examples --env production -o litellm.config.yaml --check
      modelcfg export eliza --table build/modelcfg.lock.json -o .env.eliza
      modelcfg export template -p examples --template ops/vars.tf.j2
    """
    if (target == "template") != (template is not None):
        fail("use FORMAT `template` together with --template FILE.j2")
    if check and (output is None or str(output) == "-"):
        fail("--check needs -o FILE: the exported file to compare")
    root = chosen_project(project, positional, "export") if positional or project else None
    sys.exit(_run(target, root, env, output, check, template, table_path, color))


def _run(
    target: str,
    project: Path | None,
    env: str | None,
    output: Path | None,
    check: bool,
    template: str | None,
    table_path: Path | None,
    color: bool | None,
) -> int:
    from modelcfg.compiler.interop.export import ExportError, render, render_template, stale_reason
    from modelcfg.compiler.table_source import table_or_compile

    envelope = table_or_exit(table_or_compile(project, env, table_path), color, warnings=False)
    try:
        text = render_template(Path(template), envelope) if template else render(target, envelope)
    except ExportError as exc:
        print_diagnostics([exc.diagnostic], {}, color)
        return 2
    if check:
        assert output is not None
        reason = stale_reason(output, text)
        if reason is None:
            click.echo(f"{output}: up to date ({envelope['content_hash']})", err=True)
            return 0
        click.echo(f"{output}: stale: {reason}; run the same command without --check", err=True)
        return 1
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return 0
    from modelcfg.compiler.atomic import write_atomic, write_error

    try:
        write_atomic(output, text)
    except OSError as exc:
        fail(write_error(output, exc))
    click.echo(f"wrote {output} ({envelope['content_hash']})", err=True)
    return 0
