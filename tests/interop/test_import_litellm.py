"""Importing a LiteLLM proxy config: every key lands or is reported at its line:col; keys never copied."""

import json
from pathlib import Path

from modelcfg.compiler import compile_project
from modelcfg.compiler.interop import import_litellm, render, write_project
from modelcfg.compiler.interop.imported import SCHEMA_COPY
from ruamel.yaml import YAML

from tests.interop.tables import FIXTURES, envelope, hand_table

PROXY = FIXTURES / "litellm_proxy.yaml"
KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCD"


def findings(result):  # (line, code, severity, message start) for compact assertions
    return {(d.span.line, d.span.column, d.code, d.severity.value): d for d in result.diagnostics}


def test_realistic_config_maps_providers_models_and_chains() -> None:
    doc = import_litellm([PROXY]).document
    openai = doc["providers"]["openai"]
    assert openai["api_key_env"] == "OPENAI_API_KEY"
    assert openai["models"]["medium"] == {
        "id": "gpt-4o",
        "settings": {"temperature": 0.6},
        "max_output_tokens": 4096,  # max_input_tokens 128000 is the catalog's own: not repeated
        "capabilities": ["function_calling", "vision"],
        "rate_limits": {"rpm": 500, "tpm": 200000},
    }
    assert openai["models"]["small"] == "gpt-4o-mini"
    assert openai["models"]["embedding"] == {"id": "text-embedding-3-small", "dimensions": 1536}
    assert doc["providers"]["anthropic"]["models"]["medium"]["settings"] == {
        "frequency_penalty": 0.2,
        "top_k": 40,
    }
    assert doc["providers"]["vllm"] == {
        "api": "openai",
        "endpoint": "http://127.0.0.1:8000/v1",
        "models": {
            "medium": {"id": "meta-llama/Llama-3.1-8B-Instruct", "settings": {"repetition_penalty": 1.1}}
        },
    }
    assert doc["failover"]["chains"] == {
        "openai/medium": ["anthropic/medium"],
        "openai/small": ["vllm/medium"],
    }
    assert doc["failover"]["retry"] == {"attempts": 3, "total_timeout_s": 90.0}


def test_every_dropped_key_is_reported_where_it_stands() -> None:
    found = findings(import_litellm([PROXY]))
    expected = {
        (19, 7, "MC601", "warning"): "`temprature` not imported",  # a typo LiteLLM would pass on silently
        (23, 16, "MC602", "warning"): "literal API key sk-ant-…ABCD not copied",
        (34, 7, "MC601", "info"): "`model_info.base_model`",
        (41, 9, "MC601", "warning"): "`extra_body.guided_json`",
        (44, 14, "MC601", "error"): "`azure/gpt-4o-prod` not imported: LiteLLM provider `azure`",
        (48, 3, "MC601", "warning"): "`routing_strategy: usage-based-routing-v2`",
        (54, 3, "MC601", "warning"): "`redis_host`",
        (56, 3, "MC601", "warning"): "`drop_params` not imported: modelcfg never drops settings silently",
        (57, 3, "MC601", "warning"): "`success_callback`",
        (59, 3, "MC601", "warning"): "`general_settings.master_key`",
        (61, 3, "MC601", "info"): "`environment_variables.LANGFUSE_PUBLIC_KEY`",
    }
    for where, start in expected.items():
        assert where in found, (where, sorted(found))
        assert found[where].message.startswith(start), found[where].message
    assert found[(19, 7, "MC601", "warning")].hint == "did you mean `temperature`?"
    dropped = {k for k in found if k[2] != "MC606"}
    assert dropped == set(expected)


def test_literal_key_is_never_copied(tmp_path: Path) -> None:
    result = import_litellm([PROXY])
    [secret] = result.secrets
    assert (secret.variable, secret.masked, str(secret.span)) == (
        "ANTHROPIC_API_KEY",
        "sk-ant-…ABCD",
        f"{PROXY}:23:16",
    )
    assert result.document["providers"]["anthropic"]["api_key_env"] == "ANTHROPIC_API_KEY"
    text = write_project(result, tmp_path / "proj").read_text("utf-8")
    assert KEY not in text and KEY[-8:] not in text
    assert KEY not in json.dumps([d.message for d in result.diagnostics])


def test_imported_project_compiles_with_editor_hint(tmp_path: Path) -> None:
    target = write_project(import_litellm([PROXY]), tmp_path / "proj")
    assert target.read_text("utf-8").startswith(
        "# yaml-language-server: $schema=.modelcfg/modelcfg.schema.json\n"
    )
    schema = json.loads((tmp_path / "proj" / SCHEMA_COPY).read_text("utf-8"))
    assert "providers" in schema["properties"]
    compilation = compile_project(tmp_path / "proj")
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    chains = compilation.table["body"]["failover"]["chains"]
    assert chains["openai/medium"] == [
        {"provider": "openai", "class": "medium"},
        {"provider": "anthropic", "class": "medium"},
    ]


def test_round_trip_keeps_the_effective_settings(tmp_path: Path) -> None:
    """import(export(table)) compiles to the same providers, chains, selection and retry counts;
    what LiteLLM has no field for is exactly what the export's comments name."""
    table = hand_table()
    exported = tmp_path / "litellm.yaml"
    exported.write_text(render("litellm", table), encoding="utf-8")
    result = import_litellm([exported])
    assert [d for d in result.diagnostics if d.severity.value != "info"] == []
    write_project(result, tmp_path / "proj")
    compilation = compile_project(tmp_path / "proj")
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    before, after = table["body"], compilation.table["body"]
    assert after["providers"] == before["providers"]
    assert after["failover"]["chains"] == before["failover"]["chains"]
    assert after["failover"]["breaker"] == before["failover"]["breaker"]
    retry_before, retry_after = dict(before["failover"]["retry"]), dict(after["failover"]["retry"])
    assert retry_before.pop("retry_on_status") == [408, 409, 429, 500, 502, 503, 504]
    assert retry_after.pop("retry_on_status") == [408, 429, 500, 502, 503, 504]
    assert retry_after == retry_before
    assert after["selection"]["default_provider"] == "openai"
    assert after["selection"]["rules"] == before["selection"]["rules"]
    assert after["selection"]["tasks"]["summarize"]["class"] == "small"
    text = exported.read_text("utf-8")
    assert "retry_on_status 409" in text
    assert "task `summarize` profile precise" in text
    assert "profile `precise`" in text and after["profiles"] == {}


def test_unreadable_input_is_a_finding(tmp_path: Path) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_text("model_list:\n  - model_name: x\n    litellm_params: [unclosed\n", encoding="utf-8")
    result = import_litellm([bad, tmp_path / "missing.yaml"])
    codes = sorted((d.code, d.span.file, d.span.line > 0) for d in result.diagnostics)
    assert codes == [("MC604", str(bad), True), ("MC604", str(tmp_path / "missing.yaml"), False)]


def test_wrong_shapes_are_findings_not_crashes(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: a\n"
        "    litellm_params: {model: openai/gpt-4o, extra_body: [1], timeout: slow}\n"
        "    model_info: 7\n"
        "  - just a string\n"
        "router_settings:\n"
        "  num_retries: many\n"
        "  fallbacks: {a: b}\n"
        "  retry_policy: [1]\n"
        "  model_group_alias: [x]\n"
        "litellm_settings: 3\n",
        encoding="utf-8",
    )
    result = import_litellm([config])
    assert {d.code for d in result.diagnostics} >= {"MC603"}
    lines = sorted(d.span.line for d in result.diagnostics if d.code == "MC603")
    assert lines == [3, 3, 4, 5, 7, 8, 9, 10, 11]
    assert result.document["providers"]["openai"]["models"] == {"medium": "gpt-4o"}


def test_gemini_and_vertex_round_trip(tmp_path: Path) -> None:
    body = hand_table()["body"]
    model = {
        "settings": {"temperature": 0.3},
        "max_input_tokens": 200000,
        "max_output_tokens": 32000,
        "dimensions": None,
        "capabilities": ["function_calling", "vision"],
        "embedding": None,
        "image": None,
        "rate_limits": None,
    }
    provider = {"token_command": None, "headers": {}, "vertex": None, "timeout_s": 60.0, "enabled": True}
    body["providers"]["google"] = {
        **provider,
        "api": "gemini",
        "endpoint": "https://generativelanguage.googleapis.com/v1beta",
        "api_key_env": "GEMINI_API_KEY",
        "models": {
            "medium": {
                **model,
                "id": "gemini-2.5-flash",
                "settings": {"temperature": 0.5, "top_k": 20},
                "unsupported_settings": ["repetition_penalty"],
            }
        },
    }
    body["providers"]["claude_vertex"] = {
        **provider,
        "api": "anthropic-vertex",
        "endpoint": "https://europe-west1-aiplatform.googleapis.com/v1",
        "api_key_env": None,
        "token_command": ["gcloud", "auth", "print-access-token"],
        "vertex": {"project": "my-project", "region": "europe-west1"},
        "models": {
            "large": {
                **model,
                "id": "claude-opus-4-1",
                "unsupported_settings": [
                    "frequency_penalty",
                    "presence_penalty",
                    "repetition_penalty",
                    "seed",
                ],
            }
        },
    }
    chains = body["failover"]["chains"]
    chains["google/medium"] = [{"provider": "google", "class": "medium"}]
    chains["claude_vertex/large"] = [
        {"provider": "claude_vertex", "class": "large"},
        {"provider": "anthropic", "class": "large"},
    ]
    table = envelope(body)
    exported = tmp_path / "litellm.yaml"
    exported.write_text(render("litellm", table), encoding="utf-8")
    params = {d["model_name"]: d["litellm_params"] for d in YAML(typ="safe").load(exported)["model_list"]}
    assert params["google/medium"]["model"] == "gemini/gemini-2.5-flash"
    assert params["google/medium"]["top_k"] == 20
    assert params["claude_vertex/large"]["model"] == "vertex_ai/claude-opus-4-1"
    assert (
        params["claude_vertex/large"]["vertex_project"],
        params["claude_vertex/large"]["vertex_location"],
    ) == (
        "my-project",
        "europe-west1",
    )
    write_project(import_litellm([exported]), tmp_path / "proj")
    compilation = compile_project(tmp_path / "proj")
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    assert compilation.table["body"]["providers"] == table["body"]["providers"]
    assert compilation.table["body"]["failover"]["chains"] == table["body"]["failover"]["chains"]
