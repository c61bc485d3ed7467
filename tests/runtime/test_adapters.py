"""Adapter functions without a network: headers, URLs and error classification per API."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from modelcfg.runtime import ContextTooLong, ModelNotFound, RateLimited, Rejected, Runtime, Unavailable
from modelcfg.runtime.adapters import anthropic, anthropic_vertex, gemini, openai
from modelcfg.runtime.table import Entry, Provider

from tests.emulator import Emulator, bodies
from tests.runtime.tables import body, envelope, model, provider


def entry(api: str, endpoint: str, model_id: str = "m", **vertex: str) -> Entry:
    p = Provider("p", api, endpoint, None, None, {}, vertex.get("project"), vertex.get("region"), 60.0, True)
    return Entry(p, "medium", model_id, {}, None, None, None, frozenset(), None, None, None)


def test_openrouter_gets_attribution_headers() -> None:
    request = openai.build_chat(entry("openai", "https://openrouter.ai/api/v1"), [], {}, None, "k")
    assert request.headers["HTTP-Referer"] and request.headers["X-Title"] == "modelcfg"
    plain = openai.build_chat(entry("openai", "https://api.groq.com/openai/v1"), [], {}, None, "k")
    assert "X-Title" not in plain.headers


def test_vertex_url_from_project_region_model() -> None:
    e = entry("anthropic-vertex", "", "claude-sonnet-4@20250514", project="acme", region="us-east5")
    assert anthropic_vertex.url(e) == (
        "https://us-east5-aiplatform.googleapis.com/v1/projects/acme/locations/us-east5"
        "/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"
    )
    g = entry("anthropic-vertex", "", "c", project="acme", region="global")
    assert anthropic_vertex.url(g).startswith(
        "https://aiplatform.googleapis.com/v1/projects/acme/locations/global/"
    )


@pytest.mark.parametrize(
    ("classify", "status", "payload", "headers", "kind"),
    [
        (openai.classify_error, *bodies.context_length("openai", 8192), {}, ContextTooLong),
        (openai.classify_error, *bodies.model_not_found("openai", "gpt-x"), {}, ModelNotFound),
        (
            openai.classify_error,
            429,
            bodies.error("openai", 429, "slow down"),
            {"retry-after": "3"},
            RateLimited,
        ),
        (openai.classify_error, 503, None, {}, Unavailable),
        (openai.classify_error, 401, bodies.error("openai", 401, "bad key"), {}, Rejected),
        (anthropic.classify_error, *bodies.context_length("anthropic", 200000), {}, ContextTooLong),
        (anthropic.classify_error, *bodies.model_not_found("anthropic", "claude-x"), {}, ModelNotFound),
        (anthropic.classify_error, 529, bodies.error("anthropic", 529, "overloaded"), {}, Unavailable),
        (gemini.classify_error, *bodies.context_length("gemini", 1048576), {}, ContextTooLong),
        (gemini.classify_error, *bodies.model_not_found("gemini", "gemini-x"), {}, ModelNotFound),
        (gemini.classify_error, 429, bodies.error("gemini", 429, "quota"), {"retry-after": "1"}, RateLimited),
    ],
)
def test_each_api_error_is_classified(classify, status, payload, headers, kind) -> None:
    assert type(classify(status, headers, payload)) is kind


def test_context_limits_are_read_from_the_messages() -> None:
    for api, classify in (("openai", openai.classify_error), ("anthropic", anthropic.classify_error),
                          ("gemini", gemini.classify_error)):  # fmt: skip
        status, payload = bodies.context_length(api, 4321)
        err = classify(status, {}, payload)
        assert isinstance(err, ContextTooLong) and err.limit_tokens == 4321


def test_token_command_runs_once_and_is_cached(tmp_path: Path, emulator: Emulator) -> None:
    counter = tmp_path / "runs"
    script = f"open({str(counter)!r}, 'a').write('x'); print('ya29.from-command')"
    providers = {
        "vertex": provider(
            "anthropic-vertex",
            emulator.base("vertex"),
            {"medium": model("claude-v")},
            token_command=[sys.executable, "-c", script],
            vertex={"project": "p", "region": "us-east5"},
        )
    }
    rt = Runtime.from_table(envelope(body(providers)), environ={})
    for _ in range(3):
        rt.generate_text("hi")
    rt.close()
    assert {r.headers["authorization"] for r in emulator.requests} == {"Bearer ya29.from-command"}
    assert counter.read_text() == "x"


def test_failing_token_command_is_an_attempt_not_a_crash(emulator: Emulator) -> None:
    from modelcfg.runtime import AllFailed

    providers = {
        "vertex": provider(
            "anthropic-vertex",
            emulator.base("vertex"),
            {"medium": model("claude-v")},
            token_command=[sys.executable, "-c", "import sys; sys.exit(3)"],
            vertex={"project": "p", "region": "us-east5"},
        )
    }
    with Runtime.from_table(envelope(body(providers)), environ={}) as rt, pytest.raises(AllFailed) as info:
        rt.generate_text("hi")
    assert "exited 3 without a token" in str(info.value) and emulator.count() == 0
