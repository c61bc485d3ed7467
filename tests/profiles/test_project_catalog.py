"""A project's own `catalog:` entries: validated, explained, and used by lint and the table alike."""

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from modelcfg.compiler import compile_project
from modelcfg.compiler.explain import explain_all, render_text
from modelcfg.compiler.lint import lint_paths

from modelcfg.cli import cli

TODAY = dt.date(2026, 11, 29)

PROJECT = """\
providers:
  gateway:
    endpoint: https://llm-gateway.example.com/v1
    max_output_tokens: 2000
    models:
      small: support-bot-v3
      medium: triage-70b
      embedding: house-embed
catalog:
  gateway:
    support-bot-v3:
      base: gpt-4.1-mini-2025-04-14
      max_output_tokens: 4000
    triage-70b:
      max_input_tokens: 65536
      max_output_tokens: 8192
      capabilities: [function_calling]
    house-embed:
      mode: embedding
      dimensions: 1024
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "modelcfg.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_table_carries_the_project_models_facts(tmp_path: Path) -> None:
    compilation = compile_project(_write(tmp_path, PROJECT))
    assert compilation.ok and compilation.table is not None
    models = compilation.table["body"]["providers"]["gateway"]["models"]
    assert models["small"]["max_input_tokens"] == 1047576  # from its base
    assert models["small"]["max_output_tokens"] == 2000  # the provider's limit wins over any catalog
    assert "function_calling" in models["small"]["capabilities"]  # the base's
    assert (models["medium"]["max_input_tokens"], models["medium"]["capabilities"]) == (
        65536,
        ["function_calling"],
    )
    assert models["embedding"]["dimensions"] == 1024


def test_lint_knows_the_project_models(tmp_path: Path) -> None:
    [result] = lint_paths([str(_write(tmp_path, PROJECT))], today=TODAY)
    assert [d.code for d in result.diagnostics if d.code.startswith("MC3")] == ["MC303"]  # base deprecating
    [deprecating] = result.diagnostics
    assert "support-bot-v3" in deprecating.message and "46 days left" in deprecating.message


def test_a_misspelt_project_model_is_unknown_with_the_project_entry_suggested(tmp_path: Path) -> None:
    text = PROJECT.replace("medium: triage-70b", "medium: triage-07b")
    [result] = lint_paths([str(_write(tmp_path, text))], today=TODAY)
    [unknown] = [d for d in result.diagnostics if d.code == "MC301"]
    assert unknown.hint is not None and "`triage-70b`" in unknown.hint


def test_project_entries_under_a_builtin_namespace_add_to_it(tmp_path: Path) -> None:
    text = """\
providers:
  openai:
    endpoint: https://api.openai.com/v1
    models: {small: gpt-5.4-mini, medium: acme-private-5}
catalog:
  openai:
    acme-private-5: {max_input_tokens: 400000, max_output_tokens: 32000}
"""
    [result] = lint_paths([str(_write(tmp_path, text))], today=TODAY)
    assert result.diagnostics == ()
    compilation = compile_project(tmp_path)
    assert compilation.table is not None
    assert compilation.table["body"]["providers"]["openai"]["models"]["medium"]["max_input_tokens"] == 400000


def test_explain_shows_each_entry_and_where_it_was_written(tmp_path: Path) -> None:
    compilation = compile_project(_write(tmp_path, PROJECT), table=False)
    text = render_text([e for e in explain_all(compilation) if e.path[0] == "catalog"])
    assert "catalog.gateway.triage-70b.max_input_tokens = 65536" in text
    assert "modelcfg.yaml:15:25" in text
    code = CliRunner().invoke(cli, ["explain", "-p", str(tmp_path), "catalog.gateway.house-embed.dimensions"])
    assert code.exit_code == 0 and "1024" in code.stdout


def test_unknown_keys_in_an_entry_are_errors_with_did_you_mean(tmp_path: Path) -> None:
    text = PROJECT.replace("      dimensions: 1024", "      dimension: 1024")
    compilation = compile_project(_write(tmp_path, text), table=False)
    assert not compilation.ok
    [error] = compilation.diagnostics
    assert (error.span.line, error.span.column) == (20, 7)
    assert error.hint is not None and "dimensions" in error.hint
    bad_mode = compile_project(_write(tmp_path, PROJECT.replace("mode: embedding", "mode: embeding")))
    assert not bad_mode.ok and "embedding" in (
        bad_mode.diagnostics[0].hint or bad_mode.diagnostics[0].message
    )


def test_a_preset_may_bring_catalog_entries(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        "catalog:\n  gateway:\n    support-bot-v3: {base: gpt-4.1-mini-2025-04-14}\n", encoding="utf-8"
    )
    text = "extends: [team.yaml]\n" + PROJECT.split("catalog:")[0]
    compilation = compile_project(
        _write(
            tmp_path,
            text.replace("      medium: triage-70b\n", "").replace("      embedding: house-embed\n", ""),
        )
    )
    assert compilation.ok and compilation.table is not None
    assert compilation.table["body"]["providers"]["gateway"]["models"]["small"]["max_input_tokens"] == 1047576


def test_a_provider_may_name_a_project_namespace_and_entries_may_shut_down(tmp_path: Path) -> None:
    text = """\
providers:
  lab:
    endpoint: https://llm.example.com/v1
    catalog: acme
    models: {small: acme-mini, medium: acme-large, large: acme-larg}
catalog:
  acme:
    acme-mini: {max_input_tokens: 32768}
    acme-large: {max_input_tokens: 131072, deprecation_date: 2026-12-31}
"""
    [result] = lint_paths([str(_write(tmp_path, text))], today=TODAY)
    found = [(d.code, d.span.line) for d in result.diagnostics]
    assert found == [("MC303", 5), ("MC301", 5)]  # no MC307: `acme` is the project's namespace
    deprecating, unknown = result.diagnostics
    assert "shuts down on 2026-12-31 (32 days left)" in deprecating.message
    assert unknown.hint is not None and "`acme-large`" in unknown.hint
