"""Failover over real HTTP: retries with backoff, Retry-After, next entry, breaker, truncation."""

from __future__ import annotations

import asyncio

import pytest
from modelcfg.runtime import AllFailed, Runtime

from tests.emulator import (
    Emulator,
    context_length,
    delay,
    malformed,
    model_not_found,
    refused_url,
    reset,
    status,
)
from tests.runtime.clock import FakeClock
from tests.runtime.tables import body, envelope, model, provider

SECRET_ENV = {"EMU_KEY": "sk-live-SUPERSECRET-123"}


def chain_table(emu: Emulator, *, first_endpoint: str | None = None, timeout_s: float = 5.0, **kw) -> dict:
    """openai/medium (model m1) → backup/medium (m2, anthropic API) → third/medium (m3, gemini API)."""
    providers = {
        "openai": provider(
            "openai",
            first_endpoint or emu.base("openai"),
            {"medium": model("m1", max_input_tokens=1000)},
            api_key_env="EMU_KEY",
            timeout_s=timeout_s,
        ),
        "backup": provider(
            "anthropic", emu.base("anthropic"), {"medium": model("m2")}, api_key_env="EMU_KEY"
        ),
        "third": provider("gemini", emu.base("gemini"), {"medium": model("m3")}, api_key_env="EMU_KEY"),
    }
    chains = {"openai/medium": ["openai/medium", "backup/medium", "third/medium"]}
    return envelope(body(providers, chains, default_provider="openai", **kw))


@pytest.fixture
def rt(make_runtime, emulator: Emulator) -> Runtime:
    return make_runtime(chain_table(emulator), environ=SECRET_ENV)


def test_retries_503_honoring_retry_after(rt: Runtime, emulator: Emulator, clock: FakeClock) -> None:
    emulator.script("m1", status(503, retry_after="7"), status(429, retry_after_ms="1500"))
    result = rt.generate_text("x")
    assert result.model == "m1"
    assert clock.sleeps == [7.0, 1.5]
    assert [(a.status, a.error) for a in result.attempts] == [
        (503, "Unavailable"),
        (429, "RateLimited"),
        (200, ""),
    ]


def test_backoff_is_exponential_with_jitter_when_no_retry_after(
    make_runtime, emulator: Emulator, clock: FakeClock
) -> None:
    rt = make_runtime(chain_table(emulator, retry={"attempts": 4}), environ=SECRET_ENV)
    emulator.script("m1", status(500), status(502), status(504))
    assert rt.generate_text("x").model == "m1"
    assert len(clock.sleeps) == 3
    for wait, base in zip(clock.sleeps, (0.5, 1.0, 2.0), strict=True):
        assert base <= wait <= base + 0.25


def test_spent_retries_move_to_the_next_entry(rt: Runtime, emulator: Emulator) -> None:
    emulator.script("m1", status(503), status(503), status(503))
    result = rt.generate_text("x")
    assert (result.provider, result.model) == ("backup", "m2")
    assert [a.model for a in result.attempts] == ["m1", "m1", "m1", "m2"]


@pytest.mark.parametrize("fault", [model_not_found(), status(400), malformed()])
def test_no_retry_then_next_entry(rt: Runtime, emulator: Emulator, clock: FakeClock, fault) -> None:
    emulator.script("m1", fault)
    result = rt.generate_text("x")
    assert result.model == "m2" and clock.sleeps == []
    assert emulator.count("m1") == 1


def test_model_not_found_is_classified_per_api(rt: Runtime, emulator: Emulator) -> None:
    for m in ("m1", "m2"):
        emulator.script(m, model_not_found())
    result = rt.generate_text("x")
    assert result.model == "m3"
    assert [a.error for a in result.attempts] == ["ModelNotFound", "ModelNotFound", ""]


def test_connection_reset_is_retried(rt: Runtime, emulator: Emulator) -> None:
    emulator.script("m1", reset())
    result = rt.generate_text("x")
    assert result.model == "m1"
    assert result.attempts[0].error == "Unavailable" and "connection failed" in result.attempts[0].reason


def test_timeout_is_retried(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime(chain_table(emulator, timeout_s=0.1, retry={"attempts": 2}), environ=SECRET_ENV)
    emulator.script("m1", delay(0.4))
    result = rt.generate_text("x")
    assert result.model == "m1"
    assert "no answer within timeout_s=0.1" in result.attempts[0].reason


def test_refused_connection_fails_over_immediately(
    make_runtime, emulator: Emulator, clock: FakeClock
) -> None:
    rt = make_runtime(
        chain_table(emulator, first_endpoint=refused_url(), retry={"attempts": 1}), environ=SECRET_ENV
    )
    result = rt.generate_text("x")
    assert result.model == "m2" and clock.sleeps == []
    assert result.attempts[0].status is None


def test_context_too_long_truncates_oldest_and_retries_once(rt: Runtime, emulator: Emulator) -> None:
    emulator.script("m1", context_length(limit=200))
    history = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " + "w" * 200}
        for i in range(10)
    ]
    result = rt.generate_text("the question", messages=history, system="rules")
    assert result.model == "m1"
    first, second = (r.body["messages"] for r in emulator.requests)
    assert len(first) == 12
    assert second[0] == {"role": "system", "content": "rules"}
    assert second[-1]["content"] == "the question"
    assert len(second) < len(first) and second[1]["role"] == "user"
    assert [a.error for a in result.attempts] == ["ContextTooLong", ""]


def test_context_too_long_twice_moves_on(rt: Runtime, emulator: Emulator) -> None:
    emulator.script("m1", context_length(), context_length())
    result = rt.generate_text("x")
    assert result.model == "m2" and emulator.count("m1") == 2


def test_all_failed_lists_every_attempt_without_secrets(rt: Runtime, emulator: Emulator) -> None:
    emulator.script("m1", model_not_found())
    emulator.script("m2", status(401))
    emulator.script("m3", status(400))
    with pytest.raises(AllFailed) as info:
        rt.generate_text("x")
    err = info.value
    assert [(a.provider, a.model, a.status) for a in err.attempts] == [
        ("openai", "m1", 404),
        ("backup", "m2", 401),
        ("third", "m3", 400),
    ]
    assert "3 attempt(s)" in str(err) and "SUPERSECRET" not in str(err) + repr(err.attempts)


def test_a_wait_past_the_total_timeout_fails_over_instead(
    make_runtime, emulator: Emulator, clock: FakeClock
) -> None:
    rt = make_runtime(chain_table(emulator, retry={"total_timeout_s": 5.0}), environ=SECRET_ENV)
    emulator.script("m1", status(503, retry_after="60"))
    assert rt.generate_text("x").model == "m2"
    assert clock.sleeps == []


def test_total_timeout_stops_the_walk(make_runtime, emulator: Emulator, clock: FakeClock) -> None:
    rt = make_runtime(chain_table(emulator, retry={"total_timeout_s": 5.0}), environ=SECRET_ENV)
    emulator.script("m1", status(503, retry_after="3"), status(503, retry_after="2"), status(503))
    with pytest.raises(AllFailed, match=r"total_timeout_s=5\.0 spent") as info:
        rt.generate_text("x")
    assert clock.sleeps == [3.0, 2.0] and [a.model for a in info.value.attempts] == ["m1", "m1", "m1"]
    assert emulator.count("m2") == 0


def test_breaker_opens_skips_then_probes_after_cooldown(
    make_runtime, emulator: Emulator, clock: FakeClock
) -> None:
    table = chain_table(emulator, retry={"attempts": 1}, breaker={"failure_threshold": 2, "cooldown_s": 30.0})
    rt = make_runtime(table, environ=SECRET_ENV)
    emulator.script("m1", status(503), status(503))
    assert rt.generate_text("x").model == "m2"
    assert rt.generate_text("x").model == "m2"  # second failure opens the breaker
    skipped = rt.generate_text("x")
    assert skipped.model == "m2" and emulator.count("m1") == 2
    assert skipped.attempts[0].reason == "circuit breaker open"
    clock.now += 31  # half-open: one probe goes through, succeeds, closes the breaker
    assert rt.generate_text("x").model == "m1"
    assert rt.generate_text("x").model == "m1"


def test_async_failover_same_policy(make_runtime, emulator: Emulator, clock: FakeClock) -> None:
    rt = make_runtime(chain_table(emulator), environ=SECRET_ENV)
    emulator.script("m1", status(503, retry_after="2"), model_not_found())
    result = asyncio.run(rt.agenerate_text("x"))
    assert result.model == "m2" and clock.sleeps == [2.0]


def test_unusable_endpoint_is_an_attempt_not_a_foreign_exception(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime(chain_table(emulator, first_endpoint="127.0.0.1:99999/v1"), environ=SECRET_ENV)
    result = rt.generate_text("x")
    assert result.model == "m2"
    assert result.attempts[0].error == "Rejected" and "not a usable URL" in result.attempts[0].reason
