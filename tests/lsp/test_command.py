"""`modelcfg lsp` as a command: without pygls it names the extra to install (exit 2, no traceback)."""

import subprocess
import sys

# pygls cannot be absent from the dev environment, so the child process hides it from the import system
HIDE_PYGLS = "import sys; sys.modules['pygls'] = None; from modelcfg.cli import main; main(['lsp'])"


def test_without_pygls_the_command_names_the_extra() -> None:
    done = subprocess.run([sys.executable, "-c", HIDE_PYGLS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == "error: modelcfg lsp needs pygls: pip install 'modelcfg[lsp]'\n"
    assert done.stdout == ""


def test_help_lists_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "modelcfg", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "lsp  " in done.stdout and "language server" in done.stdout
