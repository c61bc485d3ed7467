"""`modelcfg export`: render the compiled table as a LiteLLM, Eliza or dotenv config, or a template."""

import sys
from pathlib import Path

import click

FORMATS = ("litellm", "eliza", "eliza-character", "dotenv", "template")


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("project", required=False, type=click.Path())
@click.option("--env", "-e", help="Environment overlay to compile with.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE (default: stdout).")
@click.option("--check", is_flag=True, help="Exit 1 when FILE (-o) is not what an export writes now.")
@click.option("--template", "template", type=click.Path(dir_okay=False), help="Your own Jinja2 template.")
@click.option(
    "--table", "table", type=click.Path(dir_okay=False), help="Read a compiled table, not a project."
)
@click.option("--color/--no-color", default=None, help="Color diagnostics (default: when a terminal).")
def export_command(
    fmt: str,
    project: str | None,
    env: str | None,
    output: str | None,
    check: bool,
    template: str | None,
    table: str | None,
    color: bool | None,
) -> None:
    """Export the compiled table to a config another tool runs: a LiteLLM proxy config.yaml,
    elizaOS plugin variables (.env) or a character `settings` fragment, MODELCFG_* dotenv
    lines, or your own sandboxed Jinja2 template over the table (FORMAT `template`).

    The output starts with the table's content_hash; `--check -o FILE` exits 1 when FILE is
    stale, like `compile --check`. Exit status: 0 ok, 1 invalid project or stale file,
    2 usage or unreadable input.

    \b
    Examples:
      modelcfg export litellm examples --env production -o litellm.config.yaml
      modelcfg export litellm examples --env production -o litellm.config.yaml --check
      modelcfg export eliza --table build/modelcfg.lock.json -o .env.eliza
      modelcfg export template examples --template ops/vars.tf.j2
    """
    if (fmt == "template") != (template is not None):
        raise click.UsageError("use FORMAT `template` together with --template FILE.j2")
    if check and output is None:
        raise click.UsageError("--check needs -o FILE: the exported file to compare")
    if table is not None and project is not None:
        raise click.UsageError("give a PROJECT or --table, not both")
    sys.exit(_run(fmt, project, env, output, check, template, table, color))


def _run(
    fmt: str,
    project: str | None,
    env: str | None,
    output: str | None,
    check: bool,
    template: str | None,
    table: str | None,
    color: bool | None,
) -> int:
    from modelcfg.compiler.interop.export import (
        ExportError,
        load_table,
        render,
        render_template,
        stale_reason,
    )
    from modelcfg.compiler.report import render as render_diagnostics
    from modelcfg.compiler.table_check import check_table_file

    use_color = color if color is not None else sys.stderr.isatty()
    try:
        if table is not None:
            refused = _unreadable_table(Path(table))
            if refused is not None:
                click.echo(f"error: {table}: {refused}; give a table written by `modelcfg compile`", err=True)
                return 2
            if (problem := check_table_file(Path(table))) is not None:
                click.echo(f"error: {problem}", err=True)
                return 2
            try:
                envelope = load_table(Path(table))
            except RecursionError:
                click.echo(f"error: {table}: nested too deeply to be a modelcfg table", err=True)
                return 2
        else:
            compiled = _compile(project or ".", env, use_color)
            if isinstance(compiled, int):
                return compiled
            envelope = compiled
        text = render_template(Path(template), envelope) if template else render(fmt, envelope)
    except ExportError as exc:
        click.echo(render_diagnostics([exc.diagnostic], "text", {}, use_color), err=True, nl=False)
        return 2
    if check:
        assert output is not None
        reason = stale_reason(Path(output), text)
        if reason is None:
            click.echo(f"{output}: up to date ({envelope['content_hash']})", err=True)
            return 0
        click.echo(f"{output}: stale: {reason}; run the same command without --check", err=True)
        return 1
    if output is None:
        click.echo(text, nl=False)
    else:
        from modelcfg.compiler.atomic import write_atomic, write_error

        try:
            write_atomic(Path(output), text)
        except OSError as exc:
            click.echo(f"error: {write_error(output, exc)}", err=True)
            return 2
        click.echo(f"wrote {output} ({envelope['content_hash']})", err=True)
    return 0


def _compile(project: str, env: str | None, color: bool) -> dict[str, object] | int:
    """The project's table, or the exit code after printing why there is none."""
    from modelcfg.compiler import compile_project
    from modelcfg.compiler.report import render as render_diagnostics

    compilation = compile_project(project, env=env)
    if not compilation.ok or compilation.table is None:
        diagnostics = list(compilation.diagnostics)
        click.echo(render_diagnostics(diagnostics, "text", compilation.sources, color), err=True, nl=False)
        return 2 if compilation.usage_error else 1
    return compilation.table


def _unreadable_table(path: Path) -> str | None:
    """Why `path` cannot be read as a table without blocking (a FIFO waits forever), if so."""
    if path.exists() and not path.is_file():
        return "not a regular file"
    return None
