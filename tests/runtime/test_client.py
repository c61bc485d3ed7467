"""Runtime calls against the emulator over real HTTP: each wire protocol, results, usage."""

from __future__ import annotations

import asyncio
import copy

import httpx
import pytest
from modelcfg.runtime import AllFailed, NoModelFits, Runtime

from tests.emulator import Emulator, Fault, status
from tests.runtime.clock import FakeClock
from tests.runtime.tables import envelope, four_apis


@pytest.mark.parametrize(
    ("provider", "model", "op"),
    [
        ("openai", "gpt-medium", "chat"),
        ("anthropic", "claude-medium", "messages"),
        ("vertex", "claude-vertex-medium", "rawPredict"),
        ("gemini", "gemini-medium", "generateContent"),
    ],
)
def test_generate_text_speaks_each_protocol(make_runtime, emulator: Emulator, provider, model, op) -> None:
    rt: Runtime = make_runtime()
    result = rt.generate_text("hello there", system="be brief", provider=provider)
    assert result.text == "echo: hello there"
    assert (result.provider, result.model, result.model_class) == (provider, model, "medium")
    assert result.usage.input_tokens > 0 and result.usage.output_tokens > 0
    assert [a.error for a in result.attempts] == [""]
    (req,) = emulator.requests
    assert (req.op, req.model) == (op, model)


def test_credentials_go_where_each_api_wants_them(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime()
    for provider in ("openai", "anthropic", "vertex", "gemini"):
        rt.generate_text("hi", provider=provider)
    by_api = {r.api: r.headers for r in emulator.requests}
    assert by_api["openai"]["authorization"] == "Bearer sk-test-openai-SECRET"
    assert by_api["anthropic"]["x-api-key"] == "sk-ant-test-SECRET"
    assert by_api["anthropic"]["anthropic-version"] == "2023-06-01"
    assert by_api["vertex"]["authorization"] == "Bearer ya29.test-SECRET"
    assert by_api["gemini"]["x-goog-api-key"] == "AIza-test-SECRET"
    vertex = next(r for r in emulator.requests if r.api == "vertex")
    assert vertex.path == (
        "/vertex/v1/projects/proj-1/locations/us-east5/publishers/anthropic/models/claude-vertex-medium:rawPredict"
    )
    assert vertex.body["anthropic_version"] == "vertex-2023-10-16" and "model" not in vertex.body


def test_selection_rules_pick_the_class(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime()
    assert rt.generate_text("x", speed="fast").model == "gpt-small"
    assert rt.generate_text("x", complexity="high").model == "gpt-large"
    assert rt.generate_text("x").model == "gpt-medium"


def test_profile_settings_reach_the_wire(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime()
    rt.generate_text("x", profile="creative", provider="anthropic")
    rt.generate_text("x", profile="precise")
    anthropic, openai = (r.body for r in emulator.requests)
    # the profile's temperature wins over the model's; the Messages API has no penalties
    assert anthropic["stop_sequences"] == ["###"]
    assert (anthropic["temperature"], anthropic["top_k"]) == (0.8, 40)
    assert not {"frequency_penalty", "presence_penalty"} & set(anthropic)
    assert "system" not in anthropic  # no system prompt was given
    assert openai["temperature"] == 0.2 and openai["frequency_penalty"] == 0.0
    assert openai["max_tokens"] == 4096


def test_settings_a_model_refuses_are_never_sent(make_runtime, emulator: Emulator) -> None:
    table = copy.deepcopy(four_apis(emulator)["body"])
    claude = table["providers"]["anthropic"]["models"]["medium"]
    claude["unsupported_settings"] = ["temperature", "top_k", "top_p"]  # as compiled for Claude 5.5
    rt = make_runtime(envelope(table))
    rt.generate_text("x", profile="creative", provider="anthropic")
    (sent,) = (r.body for r in emulator.requests)
    assert not {"temperature", "top_k", "top_p"} & set(sent)
    assert sent["stop_sequences"] == ["###"]


def test_missing_api_key_names_the_variable_and_fails_over(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime(environ={})
    with pytest.raises(AllFailed) as info:
        rt.generate_text("x")
    assert "EMU_OPENAI_KEY is not set" in str(info.value)
    assert emulator.count() == 0


def test_embed_batches_and_checks_dimensions(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime()
    texts = [f"text {i}" for i in range(7)]
    result = rt.embed(texts)
    assert len(result.vectors) == 7 and all(len(v) == 16 for v in result.vectors)
    assert [len(r.body["input"]) for r in emulator.requests] == [3, 3, 1]  # batch_size 3
    assert all(r.body["dimensions"] == 16 for r in emulator.requests)
    again = rt.embed(["text 4"])
    assert again.vectors[0] == result.vectors[4]


def test_gemini_batch_embed(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime()
    result = rt.embed(["a", "b"], provider="gemini")
    assert result.model == "gemini-emb" and [len(v) for v in result.vectors] == [12, 12]
    (req,) = emulator.requests
    assert req.op == "batchEmbedContents"
    assert req.body["requests"][0] == {
        "model": "models/gemini-emb",
        "content": {"parts": [{"text": "a"}]},
        "outputDimensionality": 12,
    }


def test_dimension_mismatch_is_a_bad_response(make_runtime, emulator: Emulator) -> None:
    wrong = {
        "object": "list",
        "model": "emb-openai",
        "usage": {"prompt_tokens": 1, "total_tokens": 1},
        "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2]}],
    }
    emulator.script("emb-openai", Fault(status=200, body=wrong))
    rt = make_runtime()
    with pytest.raises(AllFailed) as info:
        rt.embed(["only one"])
    assert "dimension mismatch: expected 16, got 2" in str(info.value)
    assert info.value.attempts[0].error == "BadResponse"


def test_generate_image(make_runtime, emulator: Emulator) -> None:
    rt = make_runtime()
    result = rt.generate_image("a red fox", n=2)
    assert len(result.images) == 2 and result.images[0].url
    (req,) = emulator.requests
    assert req.body == {
        "model": "img-openai",
        "prompt": "a red fox",
        "n": 2,
        "size": "1024x1024",
        "steps": 20,
    }


def test_class_nobody_serves_is_a_typed_error(make_runtime) -> None:
    rt = make_runtime()
    with pytest.raises(NoModelFits, match="provider `anthropic` serves no `image` model"):
        rt.generate_image("x", provider="anthropic")


def test_usage_is_tracked_per_model(make_runtime, emulator: Emulator, clock: FakeClock) -> None:
    # each response "takes" 0.5 s, then 0.25 s, 0.25 s on the injected clock: latency is read from it
    takes = iter([0.5, 0.25, 0.25])
    with httpx.Client(event_hooks={"response": [lambda _: clock.sleep(next(takes))]}) as client:
        rt = make_runtime(client=client)
        for _ in range(3):
            rt.generate_text("hello world")
    usage = rt.usage["openai/gpt-medium"]
    assert usage.requests == 3 and usage.failures == 0
    assert usage.input_tokens == 3 * 2 and usage.output_tokens > 0
    assert (usage.latency_s_max, usage.latency_s_total) == (0.5, 1.0)


def test_caller_client_is_used_and_connections_are_reused(make_runtime, emulator: Emulator) -> None:
    with httpx.Client() as client:
        rt = make_runtime(client=client)
        for _ in range(4):
            rt.generate_text("x")
        rt.close()  # must not close the caller's client
        assert not client.is_closed
    assert len({r.peer for r in emulator.requests}) == 1


def test_async_twins(make_runtime, emulator: Emulator) -> None:
    async def main() -> tuple:
        async with httpx.AsyncClient() as client:
            rt = make_runtime(async_client=client)
            texts = await asyncio.gather(*(rt.agenerate_text(f"q{i}", provider="gemini") for i in range(5)))
            vectors = await rt.aembed(["a", "b", "c", "d"])
            image = await rt.agenerate_image("fox")
            return texts, vectors, image

    texts, vectors, image = asyncio.run(main())
    assert sorted(t.text for t in texts) == [f"echo: q{i}" for i in range(5)]
    assert len(vectors.vectors) == 4 and len(image.images) == 1
    assert emulator.count() == 5 + 2 + 1


class RecordingLimiter:
    """A stand-in admission hook (the real one is engineer H's); records what the runtime tells it."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def acquire(self, entry, est_tokens):
        self.calls.append(("acquire", entry.key, est_tokens))
        return len(self.calls)

    def settle(self, entry, reservation, usage, headers):
        self.calls.append(("settle", entry.key, reservation, usage, headers.get("content-type")))

    async def aacquire(self, entry, est_tokens):
        return self.acquire(entry, est_tokens)

    async def asettle(self, entry, reservation, usage, headers):
        self.settle(entry, reservation, usage, headers)


def test_limiter_hook_wraps_every_send(make_runtime, emulator: Emulator) -> None:
    limiter = RecordingLimiter()
    rt = make_runtime(limiter=limiter)
    emulator.script("gpt-medium", status(503, retry_after="0"))
    rt.generate_text("hello world", max_tokens=100)
    acquire, settle_failed, acquire2, settle_ok = limiter.calls
    assert acquire == ("acquire", "openai/medium", 2 + 4 + 100)
    assert settle_failed[:4] == ("settle", "openai/medium", 1, None)
    assert acquire2[0] == "acquire" and settle_ok[2] == 3
    assert settle_ok[3].input_tokens == 2 and settle_ok[4] == "application/json"
