"""Which statuses are retried: 408, 409, 429 and every 5xx by default, as the official SDKs do
(Anthropic's 529 "overloaded" included), honouring Retry-After; over real HTTP to the emulator."""

from __future__ import annotations

import pytest
from modelcfg.runtime import AllFailed, Runtime
from modelcfg.runtime.backoff import RetryPolicy

from tests.emulator import Emulator, status
from tests.runtime.tables import KEYS, four_apis, with_retry


def runtime(emulator: Emulator, waits: list[float], **retry: object) -> Runtime:
    table = with_retry(four_apis(emulator), jitter_s=0.0, **retry)
    return Runtime.from_table(table, environ=KEYS, sleep=waits.append)


@pytest.mark.parametrize("code", [500, 501, 502, 503, 504, 505, 520, 529, 599, 408, 409, 429])
def test_default_policy_retries_the_sdks_statuses(emulator: Emulator, code: int) -> None:
    emulator.script("claude-medium", status(code))
    waits: list[float] = []
    result = runtime(emulator, waits).generate_text("hi", provider="anthropic")
    assert result.text == "echo: hi"
    assert [a.status for a in result.attempts] == [code, 200]
    assert waits == [0.5]


def test_overloaded_honours_retry_after(emulator: Emulator) -> None:
    emulator.script("claude-medium", status(529, retry_after="3"), status(529, retry_after_ms="1500"))
    waits: list[float] = []
    result = runtime(emulator, waits).generate_text("hi", provider="anthropic")
    assert [a.status for a in result.attempts] == [529, 529, 200]
    assert waits == [3.0, 1.5]


@pytest.mark.parametrize("code", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(emulator: Emulator, code: int) -> None:
    emulator.script("claude-medium", status(code))
    with pytest.raises(AllFailed) as raised:
        runtime(emulator, []).generate_text("hi", provider="anthropic")
    assert [a.status for a in raised.value.attempts] == [code]


def test_retry_on_server_errors_false_keeps_to_the_list(emulator: Emulator) -> None:
    emulator.script("claude-medium", status(529))
    waits: list[float] = []
    rt = runtime(emulator, waits, retry_on_server_errors=False, retry_on_status=[429, 503])
    with pytest.raises(AllFailed) as raised:
        rt.generate_text("hi", provider="anthropic")
    assert [a.status for a in raised.value.attempts] == [529] and waits == []
    emulator.script("claude-medium", status(503))
    assert [a.status for a in rt.generate_text("hi", provider="anthropic").attempts] == [503, 200]


def test_policy_defaults_match_the_schema() -> None:
    from modelcfg.schema.routing import RetryPolicy as Schema

    schema = Schema()
    policy = RetryPolicy()
    assert policy.retry_on_server_errors is schema.retry_on_server_errors is True
    assert policy.retry_on_status == frozenset(schema.retry_on_status) | frozenset(range(500, 600))
    assert 529 in policy.retry_on_status and 400 not in policy.retry_on_status
    assert RetryPolicy(retry_on_server_errors=False).retry_on_status == frozenset(schema.retry_on_status)
    assert RetryPolicy.from_table({"retry_on_status": [429]}).retry_on_status >= {429, 501, 529}
