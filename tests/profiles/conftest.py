"""Catalog tests never read or write the real user data directory: it lives in tmp_path."""

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def user_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """`platformdirs.user_data_dir("modelcfg")` under a fresh `XDG_DATA_HOME`, per test."""
    home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    yield home / "modelcfg"
