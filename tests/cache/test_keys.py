"""Switching API, endpoint host, model or dimensions never serves another's vector."""

from __future__ import annotations

from dataclasses import replace

import pytest
from modelcfg.runtime.cache import EmbeddingSpace

from tests.redis_server import RedisServer

from .conftest import SPACE, Provider, config, model_vector

NEIGHBOURS = {
    "model": replace(SPACE, model="text-embedding-3-large"),
    "dimensions": replace(SPACE, dimensions=8),
    "host": EmbeddingSpace.of("openai", "https://api.together.xyz/v1", SPACE.model, 16),
    "port": EmbeddingSpace.of("openai", "http://127.0.0.1:8081/v1", SPACE.model, 16),
    "api": replace(SPACE, api="gemini"),
}


def test_space_from_endpoint_keeps_host_and_port_not_path() -> None:
    a = EmbeddingSpace.of("openai", "HTTPS://API.openai.com/v1", "m", 4)
    assert a == EmbeddingSpace.of("openai", "https://api.openai.com/v2/", "m", 4)
    assert a.host == "api.openai.com"
    assert EmbeddingSpace.of("openai", "http://127.0.0.1:8080/v1", "m", 4).host == "127.0.0.1:8080"


def test_keys_differ_per_field_and_text() -> None:
    keys = (
        {SPACE.key("hello")} | {space.key("hello") for space in NEIGHBOURS.values()} | {SPACE.key("hello ")}
    )
    assert len(keys) == len(NEIGHBOURS) + 2
    assert SPACE.key("hello") == EmbeddingSpace.of(SPACE.api, "https://api.openai.com", SPACE.model, 16).key(
        "hello"
    )


def test_fields_cannot_run_into_each_other() -> None:
    """A model id ending like the text starts must not produce the same key."""
    a = EmbeddingSpace("openai", "h", "m", 4).key("x")
    b = EmbeddingSpace("openai", "h", 'm", 4]\n', 4).key("x")
    assert a != b


@pytest.mark.parametrize("changed", sorted(NEIGHBOURS))
def test_switching_a_field_never_serves_the_other_vector(
    make_cache, redis_server: RedisServer, changed: str
) -> None:
    """Through every tier: memory, disk (a fresh process's view) and Redis (disk and memory off)."""
    other = NEIGHBOURS[changed]
    env = {"TEST_REDIS_URL": redis_server.url}
    for cfg in (config(), config(memory=False), config(memory=False, disk=False, redis=True)):
        first, second = Provider(SPACE), Provider(other)
        cache = make_cache(cfg, environ=env)
        mine = cache.get_or_compute(SPACE, ["hello", "world"], first, batch_size=10)
        theirs = cache.get_or_compute(other, ["hello", "world"], second, batch_size=10)
        assert second.sent == ["hello", "world"], f"{changed}: served from the other space"
        assert [list(v) for v in theirs] == [
            pytest.approx(model_vector(other, t), abs=1e-6) for t in ("hello", "world")
        ]
        assert [list(v) for v in mine] != [list(v) for v in theirs]
        again = cache.get_or_compute(SPACE, ["hello", "world"], first, batch_size=10)
        assert first.sent == ["hello", "world"]
        assert [list(v) for v in again] == [list(v) for v in mine]
        cache.clear()
