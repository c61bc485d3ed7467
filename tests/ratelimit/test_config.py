"""Rate limits in configs: the table merges model over provider per field; MC420 flags a tpm too small."""

from __future__ import annotations

from pathlib import Path

from modelcfg.compiler import compile_project
from modelcfg.compiler.lint import lint_paths

PROJECT = """\
providers:
  openai:
    api: openai
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    rate_limits: {{rpm: 500, tpm: 200000, scope: redis}}
    max_input_tokens: 120000
    max_output_tokens: 8192
    models:
      small: gpt-5.4-mini
      large: {{id: gpt-5.4, rate_limits: {{tpm: {large_tpm}}}}}
"""


def project(tmp_path: Path, large_tpm: int) -> Path:
    (tmp_path / "modelcfg.yaml").write_text(PROJECT.format(large_tpm=large_tpm))
    return tmp_path


def test_model_limits_override_the_providers_field_by_field(tmp_path: Path) -> None:
    result = compile_project(project(tmp_path, 150000))
    assert result.ok and result.table is not None
    models = result.table["body"]["providers"]["openai"]["models"]
    assert models["large"]["rate_limits"]["tpm"] == 150000
    assert models["large"]["rate_limits"]["rpm"] == 500  # kept from the provider
    assert models["large"]["rate_limits"]["scope"] == "redis"
    assert models["small"]["rate_limits"]["tpm"] == 200000


def test_tpm_below_one_request_is_an_error_at_the_models_own_tpm(tmp_path: Path) -> None:
    [result] = lint_paths([str(project(tmp_path, 100000))])
    findings = [(d.code, d.span.line, d.severity.value) for d in result.diagnostics]
    assert findings == [("MC420", 11, "error")]
    assert "120000 + max_output_tokens 8192 = 128192" in result.diagnostics[0].message


def test_tpm_that_holds_one_request_is_clean(tmp_path: Path) -> None:
    [result] = lint_paths([str(project(tmp_path, 128192))])
    assert [d.code for d in result.diagnostics] == []
