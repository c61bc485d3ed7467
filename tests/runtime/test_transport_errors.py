"""Whatever goes wrong while sending becomes one of the library's errors (docs/runtime.md), and a
Runtime works from any number of event loops; all over real HTTP to the emulator."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import httpx
import pytest
from modelcfg.runtime import AllFailed, Rejected, Runtime, Unavailable

from tests.emulator import Emulator, reset
from tests.runtime.tables import KEYS, four_apis

FAILOVER = {"openai/medium": ["openai/medium", "anthropic/medium"]}


def runtime(emulator: Emulator, **options: Any) -> Runtime:
    options.setdefault("environ", KEYS)
    return Runtime.from_table(four_apis(emulator, chains=FAILOVER), sleep=lambda s: None, **options)


def test_one_runtime_serves_one_asyncio_run_after_another(emulator: Emulator) -> None:
    rt = runtime(emulator)
    first = asyncio.run(rt.agenerate_text("one"))
    second = asyncio.run(rt.agenerate_text("two"))
    third = asyncio.run(rt.agenerate_text("three", provider="gemini"))
    assert [first.text, second.text, third.text] == ["echo: one", "echo: two", "echo: three"]
    assert [len(r.attempts) for r in (first, second, third)] == [1, 1, 1]  # nothing failed over

    def clients() -> int:
        gc.collect()
        return sum(isinstance(o, httpx.AsyncClient) for o in gc.get_objects())

    before = clients()
    for i in range(20):  # each asyncio.run() leaves a closed loop behind: its client is let go
        asyncio.run(rt.agenerate_text(f"again {i}"))
    assert clients() - before <= 1

    async def close() -> None:
        await rt.aclose()

    asyncio.run(close())


def test_a_callers_client_from_a_closed_loop_fails_as_a_library_error(emulator: Emulator) -> None:
    """The caller's client is theirs to manage; used from a second loop its pooled connection
    belongs to a closed loop: that try is Unavailable (not a RuntimeError) and the retry serves."""

    async def make() -> httpx.AsyncClient:
        client = httpx.AsyncClient()
        messages = [{"role": "user", "content": "warm"}]
        await client.post(
            f"{emulator.base('openai')}/chat/completions", json={"model": "x", "messages": messages}
        )
        return client

    client = asyncio.run(make())
    rt = runtime(emulator, async_client=client)
    result = asyncio.run(rt.agenerate_text("hi"))
    assert result.text == "echo: hi"
    failed, served = result.attempts
    assert failed.error == "Unavailable" and "the HTTP client failed (RuntimeError" in failed.reason
    assert (served.provider, served.error) == ("openai", "")


@pytest.mark.parametrize("use_async", [False, True])
def test_a_key_that_is_not_ascii_is_rejected_and_fails_over(emulator: Emulator, use_async: bool) -> None:
    key = "sk-proj-pasted…"  # an ellipsis copied from a dashboard: httpx cannot encode the header
    rt = runtime(emulator, environ={**KEYS, "EMU_OPENAI_KEY": key})
    result = asyncio.run(rt.agenerate_text("hi")) if use_async else rt.generate_text("hi")
    assert (result.provider, result.text) == ("anthropic", "echo: hi")
    failed, served = result.attempts
    assert served.error == ""
    assert failed.error == "Rejected" and "header value is not ASCII" in failed.reason
    assert key not in failed.reason and "…" not in failed.reason
    rt.close()


def test_a_reset_connection_is_unavailable_and_retried(emulator: Emulator) -> None:
    emulator.script("gpt-medium", reset(), reset(), reset())
    rt = runtime(emulator)
    result = rt.generate_text("hi")
    assert result.provider == "anthropic"
    assert [a.error for a in result.attempts] == ["Unavailable"] * 3 + [""]
    rt.close()


def test_an_endpoint_that_is_not_a_url_is_rejected_without_retries(emulator: Emulator) -> None:
    table = four_apis(emulator)
    table["body"]["providers"]["openai"]["endpoint"] = "ftp://example.invalid/v1"
    from tests.runtime.tables import envelope

    rt = Runtime.from_table(envelope(table["body"]), environ=KEYS, sleep=lambda s: None)
    with pytest.raises(AllFailed) as raised:
        rt.generate_text("hi")
    (attempt,) = raised.value.attempts
    assert attempt.error == "Rejected" and "fix `endpoint`" in attempt.reason
    assert isinstance(Rejected("x"), type(Unavailable("x")).__mro__[1])  # both are ProviderErrors


@pytest.mark.parametrize("script", ["printf '\\377\\376'", "printf 'a\\000b'"])
def test_a_token_command_with_unreadable_output_is_rejected(emulator: Emulator, script: str) -> None:
    from tests.runtime.tables import envelope

    table = four_apis(emulator)
    vertex = table["body"]["providers"]["vertex"]
    vertex["api_key_env"], vertex["token_command"] = None, ["sh", "-c", script]
    rt = Runtime.from_table(envelope(table["body"]), environ=KEYS, sleep=lambda s: None)
    with pytest.raises(AllFailed) as raised:
        rt.generate_text("hi", provider="vertex")
    (attempt,) = raised.value.attempts
    assert attempt.error == "Rejected"
    assert emulator.count() == 0
