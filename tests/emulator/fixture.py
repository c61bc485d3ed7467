"""pytest fixtures: one emulator per session, its script and records cleared for each test."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from .server import Emulator


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Emulator]:
    emu = Emulator().start()
    yield emu
    emu.stop()


@pytest.fixture
def emulator(emulator_server: Emulator) -> Iterator[Emulator]:
    emulator_server.clear()
    yield emulator_server
    emulator_server.clear()


def refused_url() -> str:
    """A loopback URL where nothing listens (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
