"""`modelcfg schema`: print or write the JSON Schema editors validate configs with."""

from pathlib import Path

import click

from .errors import fail
from .options import Command, output_option


def schema_text() -> str:
    """The canonical text of the config-document schema (what `schema/modelcfg.schema.json` holds)."""
    from modelcfg.schema.emit import document_schema, dumps

    return dumps(document_schema())


def table_schema_text() -> str:
    """The canonical text of the compiled table's schema (docs/table-format.md)."""
    from modelcfg.compiler.table_schema import table_schema
    from modelcfg.schema.emit import dumps

    return dumps(table_schema())


@click.command("schema", cls=Command)
@output_option()
@click.option(
    "--table", "table", is_flag=True, help="The compiled table's schema instead (a flag: it reads no table)."
)
def schema_command(output: Path | None, table: bool) -> None:
    """Print the JSON Schema (draft-07) of modelcfg config documents.

    Editors use it for completion, hovers and checks: point a
    `# yaml-language-server: $schema=PATH` line (YAML) or `#:schema PATH` (TOML) at it.

    \b
    Example:
      modelcfg schema -o schema/modelcfg.schema.json
      modelcfg schema --table -o modelcfg.table.schema.json
    """
    text = table_schema_text() if table else schema_text()
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    from modelcfg.profiles.derive import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"wrote {output}", err=True)
