"""`modelcfg lsp`: run the language server on stdin/stdout (needs the `lsp` extra)."""

import importlib.util
import sys

import click

INSTALL_HINT = "modelcfg lsp needs pygls: pip install 'modelcfg[lsp]'"


@click.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk LSP over stdin/stdout (the default and only transport).")
def lsp_command(stdio: bool) -> None:
    """Run the modelcfg language server over stdio for an editor.

    Diagnostics as `modelcfg lint` reports them, hovers with each environment's value and the
    layers that set it, completion of keys, model ids and built-ins, go to definition and quick
    fixes. See docs/editors.md for VS Code, Neovim and Helix.

    \b
    Example:
      modelcfg lsp
    """
    if importlib.util.find_spec("pygls") is None or importlib.util.find_spec("lsprotocol") is None:
        click.echo(f"error: {INSTALL_HINT}", err=True)
        sys.exit(2)
    from modelcfg.lsp.server import build_server

    build_server().start_io()
