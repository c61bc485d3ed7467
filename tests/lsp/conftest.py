"""A real LSP client (pytest-lsp) talking to `modelcfg lsp` in a subprocess, over a copy of examples/."""

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = Path(__file__).resolve().parents[2]
SERVER = [sys.executable, "-m", "modelcfg", "lsp"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project (root file, a YAML and a TOML overlay)."""
    target = tmp_path / "examples"
    shutil.copytree(REPO / "examples", target)
    return target


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env={"PATH": "/usr/bin:/bin"}))
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    registrations: list[lsp.Registration] = []

    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    params = lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=project.as_uri(),
        initialization_options={"debounceMs": 0},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def until(check: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait until ``check()`` holds (the server answers asynchronously), failing after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.02)


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> str:
    """Send didOpen for ``path`` (its text on disk unless ``text``); its URI."""
    uri = path.as_uri()
    language = "toml" if path.suffix == ".toml" else "yaml"
    item = lsp.TextDocumentItem(uri, language, 1, path.read_text("utf-8") if text is None else text)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int = 2) -> None:
    """Send didChange replacing the whole buffer with ``text``."""
    change = lsp.TextDocumentContentChangeWholeDocument(text)
    document = lsp.VersionedTextDocumentIdentifier(version, uri)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(document, [change]))


def position_of(text: str, needle: str, offset: int = 0) -> lsp.Position:
    """The 0-based position of ``needle`` (plus ``offset`` characters) in ``text``."""
    index = text.index(needle) + offset
    row = text.count("\n", 0, index)
    return lsp.Position(row, index - (text.rfind("\n", 0, index) + 1))
