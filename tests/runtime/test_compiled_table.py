"""The runtime runs what the compiler emits (the table contract from both sides)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from modelcfg.compiler import compile_project
from modelcfg.compiler.table import canonical as compiler_canonical
from modelcfg.runtime import Runtime
from modelcfg.runtime.table import canonical

from tests.emulator import Emulator, status

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_runtime_and_compiler_agree_on_canonical_json(value: object) -> None:
    assert canonical(value) == compiler_canonical(value)


def test_compiled_project_runs_with_failover(tmp_path: Path, emulator: Emulator) -> None:
    (tmp_path / "modelcfg.yaml").write_text(
        f"""version: 1
providers:
  local:
    api: openai
    endpoint: {emulator.base("openai")}
    models:
      large: {{id: llama-large}}
  backup:
    api: anthropic
    endpoint: {emulator.base("anthropic")}
    api_key_env: BACKUP_KEY
    models:
      large: {{id: claude-large}}
selection:
  default_provider: local
failover:
  chains:
    local/large: [backup]
  retry: {{attempts: 1}}
""",
        encoding="utf-8",
    )
    compiled = compile_project(tmp_path)
    assert compiled.ok, compiled.diagnostics
    assert compiled.table is not None
    rt = Runtime.from_table(compiled.table, environ={"BACKUP_KEY": "k"})
    emulator.script("llama-large", status(500))
    result = rt.generate_text("hi", complexity="high")
    assert (result.provider, result.model) == ("backup", "claude-large")
    assert [a.model for a in result.attempts] == ["llama-large", "claude-large"]
    rt.close()
