"""`import litellm` on fixtures that reproduce the patterns of real proxy configs (tests/interop/README.md).

For every fixture: an import that exits 0 wrote a project that compiles; no key variable reaches a
host the input did not pair it with; every input key lands or is reported at its line; the round
trip keeps model groups, both kinds of fallbacks, limits and keys; and the export runs in the real
LiteLLM Router with only the variables the input named.
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # litellm must not fetch its cost map at import

import litellm
import pytest
from click.testing import CliRunner
from modelcfg.compiler import compile_project
from modelcfg.compiler.interop import import_litellm, render
from modelcfg.compiler.interop.imported import write_project
from modelcfg.compiler.interop.litellm_names import DEFAULT_ENDPOINT, KEY_VARIABLE
from ruamel.yaml import YAML

from modelcfg.cli import cli
from tests.emulator import Emulator, status
from tests.interop.tables import FIXTURES, envelope

CONFIGS = sorted((FIXTURES / "litellm").glob("*.yaml"))
ENV = {
    "GATEWAY_BASE": "https://gw.example.com/v1",
    "GOOGLE_CLOUD_PROJECT": "demo-project",
    "PROJECT_ID": "demo-project",
}
#: litellm_params fields the importer maps (anything else must be reported at its line).
MAPPED = {
    "model", "api_base", "api_key", "timeout", "rpm", "tpm", "max_parallel_requests", "max_tokens",
    "extra_headers", "extra_body", "vertex_project", "vertex_location", "custom_llm_provider",
    "dimensions", "size", "n", "temperature", "top_p", "top_k", "frequency_penalty",
    "presence_penalty", "stop", "seed",
}  # fmt: skip


@pytest.fixture(autouse=True)
def input_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)


def load(path: Path) -> Any:
    return YAML(typ="rt").load(path.read_text("utf-8"))


def imported_project(path: Path, out: Path) -> dict[str, Any]:
    result = import_litellm([path])
    write_project(result, out)
    compilation = compile_project(out)
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    return compilation.table


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_import_exits_0_only_with_a_project_that_compiles(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "project"
    result = CliRunner().invoke(cli, ["import", "litellm", str(config), "-p", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert "wrote" in result.stderr and "Traceback" not in result.output
    assert compile_project(out).ok  # every fixture keeps something importable, and it compiles
    printed = CliRunner().invoke(cli, ["import", "litellm", str(config)])
    assert printed.exit_code == result.exit_code and "does not compile" not in printed.stderr


def input_pairs(root: Any) -> set[tuple[str, str]]:
    """(key variable, host) pairs the input itself makes: `os.environ/VAR` on a deployment."""
    pairs = set()
    for entry in root.get("model_list") or []:
        params = entry["litellm_params"]
        key, base = str(params.get("api_key", "")), params.get("api_base")
        prefix = str(params.get("model", "")).partition("/")[0]
        host = base.removeprefix("os.environ/") if base and base.startswith("os.environ/") else None
        host = host or urlsplit(base or DEFAULT_ENDPOINT.get(prefix, "")).hostname or ""
        if key.startswith("os.environ/"):
            pairs.add((key.removeprefix("os.environ/"), host))
    return pairs


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_no_key_variable_goes_to_a_host_the_input_did_not_pair_it_with(config: Path) -> None:
    text, root = config.read_text("utf-8"), load(config)
    pairs = input_pairs(root)
    conventional = {(v, urlsplit(DEFAULT_ENDPOINT[p]).hostname) for p, v in KEY_VARIABLE.items()}
    for name, provider in import_litellm([config]).document["providers"].items():
        variable = provider.get("api_key_env")
        if variable is None:
            continue
        endpoint = provider["endpoint"]
        host = endpoint.split('"')[1] if "env(" in endpoint else urlsplit(endpoint).hostname
        named = f"os.environ/{variable}" in text
        if named:
            assert (variable, host) in pairs or (variable, host) in conventional, (name, variable, host)
        else:  # a variable the importer made up: for a literal key, or LiteLLM's own convention
            hosts = {
                urlsplit(p["endpoint"]).hostname
                for p in import_litellm([config]).document["providers"].values()
                if p.get("api_key_env") == variable
            }
            assert (len(hosts) == 1 and (variable, host) in conventional) or variable not in text, variable


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_every_input_key_lands_or_is_reported_at_its_line(config: Path) -> None:
    root = load(config)
    result = import_litellm([config])
    lines = {d.span.line for d in result.diagnostics}
    for entry in root.get("model_list") or []:
        params = entry["litellm_params"]
        if "model" not in params:  # the whole deployment is reported where it starts
            start = root["model_list"].lc.item(root["model_list"].index(entry))[0] + 1
            assert start in lines, (config.name, start)
            continue
        model_line = params.lc.value("model")[0] + 1
        imported = model_line not in lines or not any(
            d.span.line == model_line and d.code == "MC601" for d in result.diagnostics
        )
        for key in params:
            line = params.lc.key(key)[0] + 1
            if not (imported and key in MAPPED):
                assert line in lines or model_line in lines, (config.name, key, line)
    for section in ("router_settings", "litellm_settings", "general_settings"):
        for key in root.get(section) or {}:
            line = root[section].lc.key(key)[0] + 1
            mapped = key in {"fallbacks", "context_window_fallbacks", "num_retries", "timeout",
                             "request_timeout", "allowed_fails", "cooldown_time", "retry_after",
                             "model_group_alias", "retry_policy"}  # fmt: skip
            mapped = mapped or (key == "routing_strategy" and root[section][key] == "simple-shuffle")
            assert mapped or line in lines, (config.name, section, key)


def test_literal_keys_never_reach_the_project_and_distinct_keys_stay_apart(tmp_path: Path) -> None:
    config = FIXTURES / "litellm" / "keys_and_hosts.yaml"
    result = CliRunner().invoke(cli, ["import", "litellm", str(config), "-p", str(tmp_path / "p")])
    written = (tmp_path / "p" / "modelcfg.yaml").read_text("utf-8")
    for fragment in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "DDDDDDDD"):
        assert fragment not in written and fragment not in result.output
    providers = import_litellm([config]).document["providers"]
    by_host = {urlsplit(p["endpoint"]).hostname: p.get("api_key_env") for p in providers.values()}
    assert by_host["api.openai.com"] == "OPENAI_API_KEY"
    assert by_host["10.0.0.5"] not in (None, "OPENAI_API_KEY")  # the vLLM key is its own variable
    assert by_host["llm.example.com"] and by_host["inference.example.org"]
    assert len(set(by_host.values()) - {None}) == len([v for v in by_host.values() if v])
    assert "key=" not in written and "X-Api-Key" not in written
    assert f"set {by_host['10.0.0.5']}: the input held a literal key (sk-proj-…2222)" in result.stderr
    anthropic = next(p for p in providers.values() if p["api"] == "anthropic")
    assert anthropic["api_key_env"] == "ANTHROPIC_API_KEY"  # LiteLLM's convention, said as INFO
    gateway = next(p for p in providers.values() if "env(" in p["endpoint"])
    assert gateway["endpoint"] == '{{ env("GATEWAY_BASE") }}'


def test_providers_are_placed_where_litellm_sends_them() -> None:
    result = import_litellm([FIXTURES / "litellm" / "providers.yaml"])
    document = result.document
    apis = {t: document["providers"][task["provider"]] for t, task in document["selection"]["tasks"].items()}
    assert (
        apis["sonnet"]["api"] == "anthropic" and apis["sonnet"]["endpoint"] == "https://api.anthropic.com/v1"
    )
    assert apis["mini"]["endpoint"] == "https://api.openai.com/v1"
    assert apis["claude-vertex"]["api"] == "anthropic-vertex"
    assert apis["llama3"]["endpoint"] == "http://ollama:11434/v1" and "api_key_env" not in apis["llama3"]
    assert apis["local-qwen"].get("api_key_env") is None  # `dummy-key` is a placeholder, not a key
    assert apis["router-free"]["headers"] == {"HTTP-Referer": "http://127.0.0.1", "X-Title": "my-stack"}
    reported = {
        d.message.split("`")[1] for d in result.diagnostics if d.code == "MC601" and d.severity == "error"
    }
    assert reported == {
        "gemini-2.5-pro",
        "mistral-large-latest",
        "vertex_ai/gemini-2.5-pro",
        "azure/my-gpt4o-deployment",
        "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
        "my-video-handler/clip-1",
    }
    assert all(
        p["api"] != "anthropic-vertex" or "claude" in str(p["models"]) for p in document["providers"].values()
    )


def groups_of(export: dict[str, Any]) -> set[str]:
    """The names a client can call on the exported proxy."""
    names = {d["model_name"] for d in export["model_list"]}
    return names | set(export["router_settings"].get("model_group_alias") or {})


def fallbacks_of(export: dict[str, Any], kind: str) -> dict[str, list[str]]:
    return {k: v for entry in export["router_settings"].get(kind) or [] for k, v in entry.items()}


def test_round_trip_keeps_groups_fallbacks_limits_and_keys(tmp_path: Path) -> None:
    config = FIXTURES / "litellm" / "routing.yaml"
    table = imported_project(config, tmp_path / "p")
    export = YAML(typ="safe").load(render("litellm", table))
    assert {"default", "fast", "gpt-4o-mini", "long-context", "embed", "gpt4"} <= groups_of(export)
    fallbacks, windows = fallbacks_of(export, "fallbacks"), fallbacks_of(export, "context_window_fallbacks")
    assert set(fallbacks["default"]) >= {"anthropic/medium", "groq/small"}
    assert fallbacks["gpt-4o-mini"] == ["groq/small"]
    assert windows["fast"] == ["gemini/medium"] and windows["default"] == ["gemini/medium"]
    assert "gemini/medium" not in fallbacks["default"]  # a context-window chain is not an error chain
    params = {d["model_name"]: d["litellm_params"] for d in export["model_list"]}
    assert (params["openai/medium"]["rpm"], params["openai/medium"]["tpm"]) == (500, 200000)
    assert params["groq/small"]["rpm"] == 30
    assert params["openai/medium"]["timeout"] == 30 and params["anthropic/medium"]["timeout"] == 90
    assert params["anthropic/medium"]["api_key"] == "os.environ/ANTHROPIC_API_KEY"
    again = tmp_path / "export.yaml"
    again.write_text(render("litellm", table), encoding="utf-8")
    second = imported_project(again, tmp_path / "q")
    assert second["body"]["failover"]["chains"] == table["body"]["failover"]["chains"]
    assert (
        second["body"]["failover"]["context_window_chains"]
        == table["body"]["failover"]["context_window_chains"]
    )
    tasks = {n: (t["class"], t.get("provider")) for n, t in table["body"]["selection"]["tasks"].items()}
    again_tasks = {
        n: (t["class"], t.get("provider")) for n, t in second["body"]["selection"]["tasks"].items()
    }
    assert tasks.items() <= again_tasks.items()


def on_emulator(table: dict[str, Any], emulator: Emulator) -> dict[str, Any]:
    body = table["body"]
    for provider in body["providers"].values():
        provider["endpoint"] = emulator.base("anthropic" if provider["api"] == "anthropic" else "openai")
    return envelope(body)


def router_for(table: dict[str, Any]) -> Any:
    config = YAML(typ="safe").load(render("litellm", table))
    return litellm.Router(model_list=config["model_list"], **config["router_settings"])


@pytest.fixture
def only_input_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key variable in the environment but the ones routing.yaml names."""
    for name in list(os.environ):
        if name.endswith(("_API_KEY", "_TOKEN")):
            monkeypatch.delenv(name)
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GROQ_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.setenv(name, f"test-{name.lower()}")


def test_exported_config_serves_client_names_in_the_router(
    emulator: Emulator, tmp_path: Path, only_input_keys: None
) -> None:
    table = on_emulator(imported_project(FIXTURES / "litellm" / "routing.yaml", tmp_path / "p"), emulator)
    router = router_for(table)
    emulator.script("gpt-4o", *[status(503)] * 3)  # the input's num_retries: 2, then the fallback
    router.completion(model="default", messages=[{"role": "user", "content": "hi"}])
    models = [r.model for r in emulator.requests]
    assert models == ["gpt-4o", "gpt-4o", "gpt-4o", "claude-sonnet-4-5"]
    first, last = emulator.requests[0], emulator.requests[-1]
    assert first.headers["authorization"] == "Bearer test-openai_api_key"
    assert last.headers["x-api-key"] == "test-anthropic_api_key"
    router.completion(model="gpt4", messages=[{"role": "user", "content": "hi"}])
    assert emulator.requests[-1].model == "gpt-4o"


def test_keyless_local_server_needs_no_key_and_gets_none(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.endswith(("_API_KEY", "_TOKEN")):
            monkeypatch.delenv(name)
    table = imported_project(FIXTURES / "litellm" / "providers.yaml", tmp_path / "p")
    body = table["body"]
    local = body["selection"]["tasks"]["local-qwen"]["provider"]
    body["providers"][local]["endpoint"] = emulator.base("openai")
    router = router_for(envelope(body))
    router.completion(model="local-qwen", messages=[{"role": "user", "content": "hi"}])
    [sent] = emulator.requests
    assert sent.model == "Qwen2.5-7B-Instruct"
    assert "test-" not in sent.headers.get("authorization", "") and "sk-" not in sent.headers.get(
        "authorization", ""
    )


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_every_exported_group_answers_with_only_the_variables_the_input_named(
    config: Path, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export the imported project, point it at the emulator, set exactly the variables the export
    reads (each named by the input or printed as "set VAR"), and call every group in the Router."""
    result = import_litellm([config])
    table = imported_project(config, tmp_path / "p")
    body = table["body"]
    skipped = {n for n, p in body["providers"].items() if p["api"] in ("gemini", "anthropic-vertex")}
    for name in skipped:  # their wire paths are Google's; the emulator test of those is the runtime's
        body["providers"][name]["enabled"] = False
    for provider in body["providers"].values():
        provider["endpoint"] = emulator.base("anthropic" if provider["api"] == "anthropic" else "openai")
    exported = render("litellm", envelope(body))
    wanted = {line.split("os.environ/")[1].strip() for line in exported.splitlines() if "os.environ/" in line}
    allowed = {v for v, _ in input_pairs(load(config))} | {s.variable for s in result.secrets}
    allowed |= set(KEY_VARIABLE.values())  # LiteLLM's own convention, said as INFO at the input
    assert wanted <= allowed
    for name in list(os.environ):
        if name.endswith(("_API_KEY", "_TOKEN")):
            monkeypatch.delenv(name)
    for variable in wanted:
        monkeypatch.setenv(variable, f"value-of-{variable}")
    config_data = YAML(typ="safe").load(exported)
    router = litellm.Router(model_list=config_data["model_list"], **config_data["router_settings"])
    for deployment in config_data["model_list"]:
        params = deployment["litellm_params"]
        if "dimensions" in params or deployment["model_info"]["mode"] != "chat":
            continue
        emulator.clear()
        router.completion(model=deployment["model_name"], messages=[{"role": "user", "content": "hi"}])
        sent = emulator.requests[-1]
        key = str(params.get("api_key", "")).removeprefix("os.environ/")
        credential = sent.headers.get("authorization") or sent.headers.get("x-api-key") or ""
        assert (f"value-of-{key}" in credential) if key else ("value-of-" not in credential), deployment


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_round_trip_of_every_fixture(config: Path, tmp_path: Path) -> None:
    """import → compile → export → import → compile keeps providers' keys and limits, both kinds
    of chains, and every name a client called."""
    first = imported_project(config, tmp_path / "p")["body"]
    exported = tmp_path / "export.yaml"
    exported.write_text(render("litellm", envelope(first)), encoding="utf-8")
    second = imported_project(exported, tmp_path / "q")["body"]
    for name, provider in first["providers"].items():
        again = second["providers"][name]
        assert (again["api"], again["api_key_env"]) == (provider["api"], provider["api_key_env"]), name
        for cls, model in provider["models"].items():
            assert again["models"][cls]["id"] == model["id"], (name, cls)
            assert again["models"][cls]["rate_limits"] == model["rate_limits"], (name, cls)
    for kind in ("chains", "context_window_chains"):
        assert second["failover"].get(kind) == first["failover"].get(kind), kind
    assert set(first["selection"]["tasks"]) <= set(second["selection"]["tasks"])
