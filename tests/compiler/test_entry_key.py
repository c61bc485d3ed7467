"""The per-user key that signs compile and lint cache entries (compiler/entry_key.py)."""

from pathlib import Path

import platformdirs
import pytest
from modelcfg.compiler.entry_key import KEY_BYTES, entry_key, key_path

make_key = entry_key.__wrapped__  # the uncached function: each call looks at the file again


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


def test_the_key_lives_where_platformdirs_says(cache_home: Path) -> None:
    assert key_path().parent == Path(platformdirs.user_cache_dir("modelcfg", appauthor=False))
    assert key_path() == cache_home / "modelcfg" / "cache-entry.key"


def test_made_once_private_and_then_reused(cache_home: Path) -> None:
    first = make_key()
    assert first is not None and len(first) == KEY_BYTES
    assert key_path().stat().st_mode & 0o777 == 0o600
    assert make_key() == first


@pytest.mark.parametrize("damage", ["readable-by-others", "wrong-length", "a-directory"])
def test_a_key_file_that_is_not_private_and_whole_means_no_cache(cache_home: Path, damage: str) -> None:
    path = key_path()
    path.parent.mkdir(parents=True)
    if damage == "a-directory":
        path.mkdir()
    else:
        path.write_bytes(b"k" * (KEY_BYTES if damage == "readable-by-others" else 7))
        path.chmod(0o644 if damage == "readable-by-others" else 0o600)
    assert make_key() is None
