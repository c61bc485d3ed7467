"""The example project (examples/, production): golden exports, LiteLLM routing, the round trip."""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # litellm must not fetch its cost map at import

from pathlib import Path

import litellm
import pytest
from modelcfg.compiler import compile_project
from modelcfg.compiler.interop import EXPORTERS, import_litellm, render, write_project
from ruamel.yaml import YAML

from tests.emulator import Emulator, status
from tests.interop.tables import example_table, with_endpoints
from tests.interop.test_export import golden


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_golden_example_project(fmt: str) -> None:
    golden(f"examples.production.{EXPORTERS[fmt].default_file}", render(fmt, example_table()))


def test_litellm_routes_the_example_as_the_table_says(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GROQ_API_KEY"):
        monkeypatch.setenv(name, f"emulator-{name}")
    table = example_table()
    body = table["body"]
    openai_base, anthropic_base = emulator.base("openai"), emulator.base("anthropic")
    table = with_endpoints(
        table,
        {"openai": openai_base, "groq": openai_base, "llamalocal": openai_base, "anthropic": anthropic_base},
    )
    config = YAML(typ="safe").load(render("litellm", table))
    settings = {
        k: v for k, v in config["router_settings"].items() if k not in ("num_retries", "retry_policy")
    }
    router = litellm.Router(model_list=config["model_list"], num_retries=0, **settings)
    # `summarize` is groq's small model; its chain falls back to openai/small
    groq_small = body["providers"]["groq"]["models"]["small"]["id"]
    openai_small = body["providers"]["openai"]["models"]["small"]["id"]
    emulator.script(groq_small, status(503))
    reply = router.completion(model="summarize", messages=[{"role": "user", "content": "tl;dr"}])
    assert reply.choices[0].message.content
    assert [r.model for r in emulator.requests] == [groq_small, openai_small]
    assert emulator.requests[0].headers["authorization"] == "Bearer emulator-GROQ_API_KEY"
    assert emulator.requests[1].headers["authorization"] == "Bearer emulator-OPENAI_API_KEY"


def test_round_trip_of_the_example(tmp_path: Path) -> None:
    table = example_table()
    exported = tmp_path / "litellm.yaml"
    exported.write_text(render("litellm", table), encoding="utf-8")
    result = import_litellm([exported])
    assert [d for d in result.diagnostics if d.severity.value != "info"] == []
    write_project(result, tmp_path / "proj")
    compilation = compile_project(tmp_path / "proj")
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    before, after = table["body"], compilation.table["body"]
    text = exported.read_text("utf-8")

    def without_shared_limits(providers: dict) -> dict:
        """Rate-limit sharing through Redis has no LiteLLM deployment field (a comment says so)."""
        for provider in providers.values():
            for model in provider["models"].values():
                if model.get("rate_limits"):
                    for key in ("scope", "redis_url_env", "max_wait_s", "local_share"):
                        model["rate_limits"].pop(key)
        return providers

    if "rate_limits scope=redis" not in text:
        assert after["providers"] == before["providers"]
    assert without_shared_limits(after["providers"]) == without_shared_limits(before["providers"])
    assert after["failover"]["chains"] == before["failover"]["chains"]
    assert after["selection"]["default_provider"] == before["selection"]["default_provider"]
    tasks = {n: (t["class"], t["provider"]) for n, t in after["selection"]["tasks"].items()}
    assert tasks == {n: (t["class"], t["provider"]) for n, t in before["selection"]["tasks"].items()}
    retry_before, retry_after = dict(before["failover"]["retry"]), dict(after["failover"]["retry"])
    unmapped = sorted(set(retry_before.pop("retry_on_status")) - set(retry_after.pop("retry_on_status")))
    assert retry_after == retry_before
    assert all(f"retry_on_status {s}" in text for s in unmapped)


def test_example_env_exports_parse_with_python_dotenv() -> None:
    import io

    from dotenv import dotenv_values

    table = example_table()
    body = table["body"]
    dotenv = dotenv_values(stream=io.StringIO(render("dotenv", table)))
    assert dotenv["MODELCFG_DEFAULT_PROVIDER"] == body["selection"]["default_provider"]
    assert dotenv["MODELCFG_GROQ_SMALL_MODEL"] == body["providers"]["groq"]["models"]["small"]["id"]
    assert all(value is not None for value in dotenv.values())
    eliza = dotenv_values(stream=io.StringIO(render("eliza", table)))
    assert eliza["GROQ_SMALL_MODEL"] == body["providers"]["groq"]["models"]["small"]["id"]
    assert eliza["OPENAI_LARGE_MODEL"] == body["providers"]["openai"]["models"]["large"]["id"]
    assert not any(name.endswith("_API_KEY") for name in eliza)
