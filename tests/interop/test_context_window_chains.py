"""`failover.context_window_chains`: LiteLLM's context_window_fallbacks as what they are, end to end.

A project declares one; the compiler resolves it into the table; the runtime moves to it only
when the provider says the context window is exceeded, never on another error; the LiteLLM
export writes it under `context_window_fallbacks`, not under `fallbacks`.
"""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from modelcfg.compiler import compile_project
from modelcfg.compiler.interop import render
from modelcfg.runtime import AllFailed, Runtime
from ruamel.yaml import YAML

from tests.emulator import Emulator, context_length, status

PROJECT = """\
version: 1
providers:
  short:
    endpoint: {base}
    models:
      small: {{id: short-model, max_input_tokens: 4000, max_output_tokens: 1000}}
  long:
    endpoint: {base}
    models:
      large: {{id: long-model, max_input_tokens: 200000, max_output_tokens: 8000}}
  spare:
    endpoint: {base}
    models:
      small: {{id: spare-model, max_input_tokens: 4000, max_output_tokens: 1000}}
selection: {{default_provider: short, default_class: small, rules: []}}
failover:
  chains:
    short/small: [spare/small]
  context_window_chains:
    short/small: [long/large]
  retry: {{attempts: 1}}
"""


def compiled(tmp_path: Path, emulator: Emulator) -> dict[str, Any]:
    (tmp_path / "modelcfg.yaml").write_text(PROJECT.format(base=emulator.base("openai")), encoding="utf-8")
    compilation = compile_project(tmp_path)
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    return compilation.table


def test_the_table_keeps_the_chain_apart(tmp_path: Path, emulator: Emulator) -> None:
    body = compiled(tmp_path, emulator)["body"]
    assert body["failover"]["context_window_chains"] == {
        "short/small": [{"provider": "long", "class": "large"}]
    }
    assert [e["provider"] for e in body["failover"]["chains"]["short/small"]] == ["short", "spare"]


def test_a_context_window_error_moves_to_the_context_chain(tmp_path: Path, emulator: Emulator) -> None:
    runtime = Runtime.from_table(compiled(tmp_path, emulator), environ={})
    emulator.script("short-model", context_length(4000))
    reply = runtime.generate_text("a very long prompt")
    assert [r.model for r in emulator.requests] == ["short-model", "long-model"]
    assert reply.model == "long-model"


def test_other_errors_follow_the_ordinary_chain(tmp_path: Path, emulator: Emulator) -> None:
    runtime = Runtime.from_table(compiled(tmp_path, emulator), environ={})
    emulator.script("short-model", status(500))
    runtime.generate_text("hi")
    assert [r.model for r in emulator.requests] == ["short-model", "spare-model"]


def test_async_walk_takes_the_same_turn(tmp_path: Path, emulator: Emulator) -> None:
    runtime = Runtime.from_table(compiled(tmp_path, emulator), environ={})
    emulator.script("short-model", context_length(4000))
    reply = asyncio.run(runtime.agenerate_text("a very long prompt"))
    assert reply.model == "long-model"


def test_when_the_context_chain_fails_too_every_attempt_is_reported(
    tmp_path: Path, emulator: Emulator
) -> None:
    runtime = Runtime.from_table(compiled(tmp_path, emulator), environ={})
    emulator.script("short-model", context_length(4000))
    emulator.script("long-model", status(500))
    with pytest.raises(AllFailed) as failed:
        runtime.generate_text("a very long prompt")
    assert [a.model for a in failed.value.attempts] == ["short-model", "long-model"]


def test_litellm_export_writes_context_window_fallbacks(tmp_path: Path, emulator: Emulator) -> None:
    router = YAML(typ="safe").load(render("litellm", compiled(tmp_path, emulator)))["router_settings"]
    # the group and the bare class alias clients may call instead
    assert router["context_window_fallbacks"] == [{"short/small": ["long/large"]}, {"small": ["long/large"]}]
    assert router["fallbacks"][0] == {"short/small": ["spare/small"]}
    assert all("long/large" not in rest for entry in router["fallbacks"] for rest in entry.values())


def test_a_chain_entry_that_does_not_exist_is_located(tmp_path: Path, emulator: Emulator) -> None:
    text = PROJECT.format(base=emulator.base("openai")).replace("[long/large]", "[long/medium]")
    (tmp_path / "modelcfg.yaml").write_text(text, encoding="utf-8")
    compilation = compile_project(tmp_path)
    assert not compilation.ok
    [error] = [d for d in compilation.diagnostics if d.code == "MC402"]
    assert (error.span.line, "long/medium") == (20, error.message.split("`")[1])
