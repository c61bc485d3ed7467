"""`Runtime.embed` through the cache against the emulator (a real HTTP server): only misses are sent."""

from __future__ import annotations

import asyncio

import pytest
from modelcfg.runtime import Runtime
from modelcfg.runtime.cache import EmbeddingCache

from tests.emulator import Emulator, model_not_found
from tests.emulator.bodies import vector

from .conftest import config
from .tables import embedding_table, sent_texts


def expected(texts: list[str]) -> list[list[float]]:
    return [pytest.approx(vector(t, 16), abs=1e-6) for t in texts]


@pytest.fixture
def runtime(emulator: Emulator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the table's disk path is relative to the working directory
    rt = Runtime.from_table(embedding_table(emulator, config()), environ={}, sleep=lambda s: None)
    yield rt
    rt.close()


def test_sends_distinct_misses_in_batches_and_keeps_order(
    runtime: Runtime, emulator: Emulator, tmp_path
) -> None:
    texts = ["a", "b", "a", "c", "d", "b", "e"]
    result = runtime.embed(texts)
    assert sent_texts(emulator) == [["a", "b", "c"], ["d", "e"]]
    assert [list(v) for v in result.vectors] == expected(texts)
    assert (result.provider, result.model) == ("primary", "emb-a")

    again = runtime.embed(["e", "f", "a", "f"])
    assert sent_texts(emulator)[2:] == [["f"]]
    assert [list(v) for v in again.vectors] == expected(["e", "f", "a", "f"])
    assert (tmp_path / "emb-cache" / "cache.db").exists()


def test_all_hits_send_nothing(runtime: Runtime, emulator: Emulator) -> None:
    runtime.embed(["x", "y"])
    emulator.clear()
    result = runtime.embed(["y", "x", "y"])
    assert sent_texts(emulator) == []
    assert [list(v) for v in result.vectors] == expected(["y", "x", "y"])
    assert result.attempts == ()


def test_async_embed_uses_the_same_cache(runtime: Runtime, emulator: Emulator) -> None:
    async def go():
        first = await runtime.aembed(["p", "q", "p", "r", "s"])
        second = await runtime.aembed(["s", "t"])
        await runtime.aclose()
        return first, second

    first, second = asyncio.run(go())
    assert sent_texts(emulator) == [["p", "q", "r"], ["s"], ["t"]]
    assert [list(v) for v in first.vectors] == expected(["p", "q", "p", "r", "s"])
    assert [list(v) for v in second.vectors] == expected(["s", "t"])


def test_a_fresh_process_reads_the_disk_tier(emulator: Emulator, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    table = embedding_table(emulator, config())
    with Runtime.from_table(table, environ={}) as rt:
        rt.embed(["one", "two"])
    emulator.clear()
    with Runtime.from_table(table, environ={}) as rt:
        assert [list(v) for v in rt.embed(["two", "one"]).vectors] == expected(["two", "one"])
    assert sent_texts(emulator) == []


def test_failover_to_another_model_never_mixes_vectors(emulator: Emulator, tmp_path) -> None:
    table = embedding_table(emulator, config(), fallback=True)
    cache = EmbeddingCache(config(), base_dir=tmp_path)
    with Runtime.from_table(table, environ={}, sleep=lambda s: None, embed_cache=cache) as rt:
        rt.embed(["cached"])  # emb-a's vector for "cached" is now in every tier
        emulator.script("emb-a", model_not_found(), model_not_found())
        result = rt.embed(["cached", "new"])
    assert (result.provider, result.model) == ("backup", "emb-b")
    # emb-b computed both texts: emb-a's cached vector was not mixed into emb-b's answer
    assert sorted(t for batch in sent_texts(emulator, "emb-b") for t in batch) == ["cached", "new"]
    assert [list(v) for v in result.vectors] == expected(["cached", "new"])


def test_a_table_without_tiers_embeds_uncached(emulator: Emulator) -> None:
    table = embedding_table(emulator, {})
    with Runtime.from_table(table, environ={}) as rt:
        assert rt.embed_cache is None
        rt.embed(["a"])
        rt.embed(["a"])
    assert sent_texts(emulator) == [["a"], ["a"]]


def test_embedding_cache_false_on_the_model_bypasses_the_tiers(emulator: Emulator, tmp_path) -> None:
    table = embedding_table(emulator, config())
    table["body"]["providers"]["primary"]["models"]["embedding"]["embedding"]["cache"] = False
    from tests.runtime.tables import envelope

    with Runtime.from_table(
        envelope(table["body"]), environ={}, embed_cache=EmbeddingCache(config(), base_dir=tmp_path)
    ) as rt:
        rt.embed(["a"])
        rt.embed(["a"])
    assert sent_texts(emulator) == [["a"], ["a"]]


def test_redis_killed_between_requests_loses_none(emulator: Emulator, redis_server, tmp_path, caplog) -> None:
    """The Runtime reads the Redis URL from its own `environ`; a dead Redis only costs cache hits."""
    table = embedding_table(emulator, config(memory=False, disk=False, redis=True))
    env = {"TEST_REDIS_URL": redis_server.url}
    with Runtime.from_table(table, environ=env) as rt:
        first = rt.embed(["a", "b", "c"])
        redis_server.kill()
        second = rt.embed(["c", "d", "a"])
        third = rt.embed(["a", "e"])
    assert [list(v) for v in first.vectors] == expected(["a", "b", "c"])
    assert [list(v) for v in second.vectors] == expected(["c", "d", "a"])
    assert [list(v) for v in third.vectors] == expected(["a", "e"])
    assert sent_texts(emulator) == [["a", "b", "c"], ["c", "d", "a"], ["a", "e"]]
    assert sum("redis tier unavailable" in r.getMessage() for r in caplog.records) == 1


def test_async_failover_never_mixes_vectors(emulator: Emulator, tmp_path) -> None:
    table = embedding_table(emulator, config(), fallback=True)
    cache = EmbeddingCache(config(), base_dir=tmp_path)

    async def go():
        async with Runtime.from_table(table, environ={}, asleep=_no_sleep, embed_cache=cache) as rt:
            await rt.aembed(["cached"])
            emulator.script("emb-a", model_not_found(), model_not_found())
            return await rt.aembed(["cached", "new"])

    result = asyncio.run(go())
    assert (result.provider, result.model) == ("backup", "emb-b")
    assert sorted(t for batch in sent_texts(emulator, "emb-b") for t in batch) == ["cached", "new"]


async def _no_sleep(seconds: float) -> None:
    return None
