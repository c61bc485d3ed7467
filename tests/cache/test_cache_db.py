"""Where the disk tier lives and what it will store and open (runtime/cache/_db.py, cache.disk_path)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from modelcfg.runtime.cache import EmbeddingCache, disk_path
from modelcfg.runtime.cache._db import UntrustedCache, open_cache, untrusted_reason

from .conftest import SPACE, Provider, config


def test_the_default_path_is_the_user_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    cache = EmbeddingCache({"disk": {"enabled": True}})
    assert cache.disk is not None
    assert cache.disk.path == tmp_path / "xdg" / "modelcfg" / "embeddings"
    cache.get_or_compute(SPACE, ["a"], Provider(SPACE), batch_size=8)
    cache.close()
    assert (tmp_path / "xdg" / "modelcfg" / "embeddings" / "cache.db").is_file()
    assert not (tmp_path / ".cache").exists()


def test_a_configured_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert disk_path("emb", tmp_path / "proj") == tmp_path / "proj" / "emb"
    assert disk_path("/srv/emb", tmp_path / "proj") == Path("/srv/emb")
    assert disk_path("~/emb", tmp_path / "proj") == tmp_path / "home" / "emb"


@pytest.mark.parametrize("value", [{"a": 1}, [1.0, 2.0], None, bytearray(b"x")])
def test_nothing_but_plain_values_is_stored(tmp_path: Path, value: object) -> None:
    with open_cache(tmp_path / "db", timeout=1.0) as cache:
        with pytest.raises(TypeError):
            cache.set("k", value)
        with pytest.raises(TypeError):
            cache.set(("tuple", "key"), b"v")
        cache.set("k", b"\x00" * 40_000)  # over diskcache's file threshold: still inline
        assert cache.get("k") == b"\x00" * 40_000
    with sqlite3.connect(tmp_path / "db" / "cache.db") as db:
        assert db.execute("SELECT mode, filename FROM Cache").fetchall() == [(1, None)]


def test_a_directory_inside_a_world_writable_one(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert "writable by every user (and not sticky)" in str(untrusted_reason(shared / "emb"))
    shared.chmod(0o1777)  # like /tmp: others cannot replace what is ours
    assert untrusted_reason(shared / "emb") is None
    (shared / "emb").mkdir()
    (shared / "emb").chmod(0o777)
    with pytest.raises(UntrustedCache, match="is writable by every user"):
        open_cache(shared / "emb", timeout=1.0)


def test_a_refused_tier_is_never_opened_again(make_cache, tmp_path: Path, caplog) -> None:
    folder = tmp_path / "emb-cache"
    folder.mkdir()
    folder.chmod(0o777)
    cache = make_cache(config(memory=False))
    provider = Provider(SPACE)
    for _ in range(2):
        cache.get_or_compute(SPACE, ["a"], provider, batch_size=8)
    assert provider.sent == ["a", "a"]  # no tier: computed each time, never an error
    assert cache.disk.refused is not None
    assert [r.getMessage() for r in caplog.records].count(
        f"embedding cache: disk tier refused: {folder} is writable by every user: "
        f"run `chmod o-w {folder}` or use another directory; using the other tiers"
    ) == 1
    assert cache.stats().as_dict()["tiers"]["disk"]["state"] == "refused"
    assert not (folder / "cache.db").exists()
