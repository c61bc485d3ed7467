"""The table: canonical, byte-identical across processes, independent of key order; compile CLI."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from modelcfg.compiler import canonical, compile_project
from modelcfg.compiler.table import dumps
from modelcfg.compiler.table_schema import table_schema

from modelcfg.cli import cli

from .conftest import WriteProject

CONFIG = """
extends: ['preset:openai', 'profile:precise']
environments: {production: [envs/production.yaml]}
providers:
  local:
    endpoint: http://localhost:11434/v1
    models: {small: llama3.2, embedding: {id: nomic-embed-text, dimensions: 768}}
    settings: {temperature: 1, stop: ["<|eot_id|>"]}
selection:
  default_provider: openai
  tasks: {summarize: {class: small, profile: precise, provider: local}}
failover:
  chains: {openai/large: [local/small], openai/small: [local]}
"""
REORDERED = """
failover:
  chains: {openai/small: [local], openai/large: [local/small]}
selection:
  tasks: {summarize: {provider: local, profile: precise, class: small}}
  default_provider: openai
providers:
  local:
    settings: {stop: ["<|eot_id|>"], temperature: 1}
    models: {embedding: {dimensions: 768, id: nomic-embed-text}, small: llama3.2}
    endpoint: http://localhost:11434/v1
environments: {production: [envs/production.yaml]}
extends: ['preset:openai', 'profile:precise']
"""
PRODUCTION = "providers: {openai: {settings: {temperature: 0.4}}}\n"


def compile_text(root: Path) -> str:
    result = compile_project(root, env="production", environ={})
    assert result.ok and result.table is not None, result.diagnostics
    return dumps(result.table)


def test_table_contents(project: WriteProject) -> None:
    table = json.loads(compile_text(project({"modelcfg.yaml": CONFIG, "envs/production.yaml": PRODUCTION})))
    jsonschema.validate(table, table_schema())
    body = table["body"]
    assert table["environment"] == "production"
    assert table["content_hash"] == "sha256:" + __import__("hashlib").sha256(canonical(body)).hexdigest()
    local = body["providers"]["local"]["models"]
    assert local["small"]["settings"] == {"temperature": 1, "stop": ["<|eot_id|>"]}  # an int stays an int
    assert local["embedding"]["settings"] == {}  # sampling settings are for chat classes only
    assert local["embedding"]["dimensions"] == 768
    assert body["failover"]["chains"]["openai/small"] == [
        {"provider": "openai", "class": "small"},
        {"provider": "local", "class": "small"},
    ]
    assert body["failover"]["chains"]["local/embedding"] == [{"provider": "local", "class": "embedding"}]
    assert body["providers"]["openai"]["models"]["large"]["settings"] == {"temperature": 0.4}
    assert "vars" not in body and "lint" not in body


def test_key_order_does_not_change_the_table(project: WriteProject, tmp_path: Path) -> None:
    first = compile_text(project({"modelcfg.yaml": CONFIG, "envs/production.yaml": PRODUCTION}))
    second = compile_text(project({"modelcfg.yaml": REORDERED}))
    assert first == second


def test_byte_identical_across_processes(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": CONFIG, "envs/production.yaml": PRODUCTION})
    outputs = []
    for seed in ("1", "2"):
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        command = [
            sys.executable,
            "-m",
            "modelcfg",
            "compile",
            "-p",
            str(root),
            "--env",
            "production",
            "-o",
            "-",
        ]
        outputs.append(subprocess.run(command, capture_output=True, check=True, env=env).stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].endswith(b"}\n") and b"\r\n" not in outputs[0]


def test_compile_writes_atomically_and_check_detects_staleness(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": CONFIG, "envs/production.yaml": PRODUCTION})
    out = root / "build" / "t.json"
    runner = CliRunner()
    args = ["compile", "-p", str(root), "--env", "production", "-o", str(out)]
    assert runner.invoke(cli, args).exit_code == 0
    assert [p.name for p in out.parent.iterdir()] == ["t.json"]
    assert runner.invoke(cli, [*args, "--check"]).exit_code == 0
    (root / "envs/production.yaml").write_text("providers: {openai: {settings: {temperature: 0.5}}}\n")
    stale = runner.invoke(cli, [*args, "--check"])
    assert stale.exit_code == 1
    assert "stale: settings changed: content_hash" in stale.output
    missing = runner.invoke(cli, ["compile", "-p", str(root), "--check", "-o", str(root / "none.json")])
    assert missing.exit_code == 1 and "does not exist" in missing.output


def test_exit_codes(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": "providers: {a: {endpoint: 'ftp://x'}}\n"})
    runner = CliRunner()
    bad = runner.invoke(cli, ["compile", "-p", str(root), "-o", "-", "--format", "concise"])
    assert bad.exit_code == 1
    assert "modelcfg.yaml:1:27: error[MC201]: endpoint must be an http(s) URL" in bad.output
    assert runner.invoke(cli, ["compile", "-p", str(root), "--env", "x"]).exit_code == 2
    assert runner.invoke(cli, ["compile", "-p", str(root / "nothing")]).exit_code == 2
    assert runner.invoke(cli, ["compile", "-p", str(root), "--set", "oops"]).exit_code == 2


def test_explain(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": CONFIG, "envs/production.yaml": PRODUCTION})
    runner = CliRunner()
    args = ["explain", "providers.openai.settings.temperature", "-p", str(root), "--env", "production"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0
    assert result.output == (
        "providers.openai.settings.temperature = 0.4\n  * env:production  envs/production.yaml:1:46  0.4\n"
    )
    data = json.loads(runner.invoke(cli, [*args[:2], "-p", str(root), "--format", "json"]).output)
    assert data[0]["found"] is False
    default = runner.invoke(cli, ["explain", "failover.retry.jitter_s", "-p", str(root)])
    assert default.output == "failover.retry.jitter_s = 0.25\n  (schema default)\n"
    everything = runner.invoke(cli, ["explain", "--all", "-p", str(root)])
    assert 'providers.local.settings.stop = ["<|eot_id|>"]\n  * root ' in everything.output
    assert 'providers.openai.endpoint = "https://api.openai.com/v1"\n  * preset:openai ' in everything.output


def test_table_schema_command() -> None:
    result = CliRunner().invoke(cli, ["schema", "--table"])
    assert result.exit_code == 0
    assert json.loads(result.output)["$id"].endswith("modelcfg.table.schema.json")


def test_writing_to_a_device_writes_through(project: WriteProject, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    root = project({"modelcfg.yaml": CONFIG, "envs/production.yaml": PRODUCTION})
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = CliRunner().invoke(cli, ["compile", "-p", str(root), "-o", str(fifo)])
    assert result.exit_code == 0
    assert json.loads(reader.communicate(timeout=10)[0])["format"] == 1
    assert fifo.exists() and not fifo.is_file()  # still a FIFO: nothing was renamed over it


def test_yaml_and_toml_compile_to_the_same_table(project: WriteProject, tmp_path: Path) -> None:
    yaml_root = project({"y/modelcfg.yaml": CONFIG, "y/envs/production.yaml": PRODUCTION}) / "y"
    toml = """
        extends = ["preset:openai", "profile:precise"]
        environments = { production = ["envs/production.toml"] }
        [providers.local]
        endpoint = "http://localhost:11434/v1"
        models = { small = "llama3.2", embedding = { id = "nomic-embed-text", dimensions = 768 } }
        settings = { temperature = 1, stop = ["<|eot_id|>"] }
        [selection]
        default_provider = "openai"
        tasks.summarize = { class = "small", profile = "precise", provider = "local" }
        [failover.chains]
        "openai/large" = ["local/small"]
        "openai/small" = ["local"]
    """
    overlay = "[providers.openai.settings]\ntemperature = 0.4\n"
    toml_root = project({"t/modelcfg.toml": toml, "t/envs/production.toml": overlay}) / "t"
    first = compile_project(yaml_root, env="production", environ={}).table
    second = compile_project(toml_root, env="production", environ={}).table
    assert first is not None and second is not None
    assert first["content_hash"] == second["content_hash"]
    # a layer's sha256 is over its parsed tree: the same overlay in either syntax hashes alike
    assert first["sources"][-1]["sha256"] == second["sources"][-1]["sha256"]


def test_a_failed_write_leaves_the_old_table_and_no_temp_file(tmp_path: Path) -> None:
    from modelcfg.compiler.table import write_atomic

    target = tmp_path / "t.json"
    write_atomic(target, '{"old": true}\n')
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate cannot be encoded: fails mid-write
        write_atomic(target, '{"new": "\ud800"}\n')
    assert target.read_text() == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


def test_table_names_the_settings_each_model_refuses(project: WriteProject) -> None:
    # Claude 5.5 refuses sampling (catalog); the Messages API has no penalties or seed;
    # api.openai.com rejects top_k and repetition_penalty
    root = project({"modelcfg.yaml": "extends: ['preset:anthropic', 'preset:openai']\n"})
    table = compile_project(root, environ={}).table
    assert table is not None
    models = {p: v["models"] for p, v in table["body"]["providers"].items()}
    refused = ["frequency_penalty", "presence_penalty", "repetition_penalty", "seed"]
    assert models["anthropic"]["large"]["unsupported_settings"] == [*refused, "temperature", "top_k", "top_p"]
    assert models["openai"]["small"]["unsupported_settings"][:2] == ["repetition_penalty", "top_k"]
    assert "unsupported_settings" not in models["openai"]["embedding"]
    jsonschema.validate(table, table_schema())
