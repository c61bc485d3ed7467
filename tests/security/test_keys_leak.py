"""A key in any layer, spelling or position is refused, and no output channel shows it."""

import json
from pathlib import Path

import pytest
from modelcfg.compiler import compile_project
from modelcfg.compiler.diagnostic import Diagnostic, Severity, Span
from modelcfg.compiler.explain import Explanation, render_json, render_text
from modelcfg.compiler.report import REPORTERS, render

from .keys_project import (
    ANTHROPIC_KEY,
    GOOGLE_KEY,
    OPENAI_KEY,
    files_text,
    run,
    table_with,
    write_project,
)


def test_compile_refuses_a_key_given_with_set(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p")
    setting = f"providers.openai.headers.X-K={ANTHROPIC_KEY}"
    result = run(["compile", "-p", str(project), "-o", "-", "--no-cache", "--set", setting])
    assert result.code == 1
    assert "<--set>:1:30: error[MC202]" in result.stderr
    assert ANTHROPIC_KEY not in result.shown
    assert "sk-ant-…xCvB" in result.stderr


def test_compile_refuses_a_key_from_a_modelcfg_environment_variable(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p")
    env = {"MODELCFG__PROVIDERS__OPENAI__HEADERS__X_K": GOOGLE_KEY}
    result = run(["compile", "-p", str(project), "-o", str(tmp_path / "t.json"), "--no-cache"], env)
    assert result.code == 1
    assert "<environment>:1:" in result.stderr and "error[MC202]" in result.stderr
    assert GOOGLE_KEY not in result.shown
    assert not (tmp_path / "t.json").exists()


def test_compile_sees_a_key_spelled_with_a_yaml_escape(tmp_path: Path) -> None:
    escaped = OPENAI_KEY.replace("Z", "\\u005A", 1)  # the raw text never holds the key
    project = write_project(tmp_path / "p", f'      X-A: "{escaped}"\n')
    assert OPENAI_KEY not in (project / "modelcfg.yaml").read_text()
    result = run(["compile", "-p", str(project), "-o", "-", "--no-cache"])
    assert result.code == 1
    assert "modelcfg.yaml:10:12: error[MC202]" in result.stderr
    assert OPENAI_KEY not in result.shown
    assert escaped not in result.shown  # the source line is shown decoded, then masked


def test_compile_refuses_a_key_written_as_a_mapping_key(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", f"      {ANTHROPIC_KEY}: x\n")
    result = run(["compile", "-p", str(project), "-o", "-", "--no-cache"])
    assert result.code == 1
    assert "key `sk-ant-…xCvB` under `providers.openai.headers` looks like a literal API key" in result.stderr
    assert ANTHROPIC_KEY not in result.shown


@pytest.mark.parametrize("fmt", ["dotenv", "litellm", "eliza"])
def test_export_of_a_project_with_a_key_writes_nothing(tmp_path: Path, fmt: str) -> None:
    project = write_project(tmp_path / "p")
    out = tmp_path / "out.env"
    env = {"MODELCFG__PROVIDERS__OPENAI__HEADERS__X_K": OPENAI_KEY}
    result = run(["export", fmt, str(project), "-o", str(out)], env)
    assert result.code == 1
    assert "error[MC202]" in result.stderr
    assert OPENAI_KEY not in result.shown
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["dotenv", "litellm", "template"])
def test_export_refuses_a_table_from_elsewhere_that_holds_a_key(tmp_path: Path, fmt: str) -> None:
    compiled = compile_project(write_project(tmp_path / "p"), environ={})
    assert compiled.table is not None
    table = tmp_path / "foreign.lock.json"
    table.write_text(json.dumps(table_with(compiled.table, {"Authorization": f"Bearer {ANTHROPIC_KEY}"})))
    template = tmp_path / "all.j2"
    template.write_text("{{ body | tojson }}\n")
    out = tmp_path / "out.txt"
    args = ["export", fmt, "--table", str(table), "-o", str(out)]
    result = run([*args, "--template", str(template)] if fmt == "template" else args)
    assert result.code == 2
    assert (
        "error[MC202]: the export would write what looks like a literal API key (sk-ant-…xCvB)"
        in result.stderr
    )
    assert ANTHROPIC_KEY not in result.shown
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["eliza", "eliza-character"])
def test_exports_that_carry_no_headers_write_no_key(tmp_path: Path, fmt: str) -> None:
    compiled = compile_project(write_project(tmp_path / "p"), environ={})
    assert compiled.table is not None
    table = tmp_path / "foreign.lock.json"
    table.write_text(json.dumps(table_with(compiled.table, {"Authorization": f"Bearer {ANTHROPIC_KEY}"})))
    out = tmp_path / "out.txt"
    result = run(["export", fmt, "--table", str(table), "-o", str(out)])
    assert result.code == 0, result.stderr
    assert ANTHROPIC_KEY not in result.shown + out.read_text()


def test_explain_masks_the_value_and_fails_like_compile(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", f"      Authorization: Bearer {ANTHROPIC_KEY}\n")
    compiled = run(["compile", "-p", str(project), "-o", "-", "--no-cache"])
    explained = run(["explain", "-p", str(project), "providers.openai.headers.Authorization"])
    assert (compiled.code, explained.code) == (1, 1)
    assert "error[MC202]" in explained.stderr
    assert ANTHROPIC_KEY not in explained.shown
    everything = run(["explain", "-p", str(project), "--all", "--format", "json"])
    assert everything.code == 1
    assert ANTHROPIC_KEY not in everything.shown


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_an_unknown_key_spelled_like_a_key_is_masked_in_every_lint_format(tmp_path: Path, fmt: str) -> None:
    project = write_project(tmp_path / "p", f"    {OPENAI_KEY}: 1\n")
    result = run(["lint", str(project), "--format", fmt, "--no-cache"])
    assert result.code == 1
    assert "MC101" in result.shown and "MC202" in result.shown
    assert OPENAI_KEY not in result.shown
    assert "sk-proj-…oPaS" in result.shown


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_reporter_masks_messages_and_hints(fmt: str) -> None:
    span = Span("modelcfg.yaml", 3, 5, 3, 9)
    leaky = Diagnostic("MC101", Severity.ERROR, f"unknown key `{GOOGLE_KEY}`", span, f"not {ANTHROPIC_KEY}")
    shown = render([leaky], fmt, {"modelcfg.yaml": f"a: 1\nb: 2\nc: {OPENAI_KEY}\n"})
    assert "AIza…ErTy" in shown
    for key in (GOOGLE_KEY, ANTHROPIC_KEY, OPENAI_KEY):
        assert key not in shown


def test_a_template_error_never_quotes_the_variable_it_read(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "      X-Bad: '{{ {}[env(\"OPENAI_API_KEY\")] }}'\n")
    result = run(["compile", "-p", str(project), "-o", "-", "--no-cache"], {"OPENAI_API_KEY": OPENAI_KEY})
    assert result.code == 1
    assert "error[MC107]: template error in a value that reads `OPENAI_API_KEY`" in result.stderr
    assert OPENAI_KEY not in result.shown
    assert OPENAI_KEY[-4:] not in result.shown.replace("sk-proj-…oPaS", "")


@pytest.mark.parametrize(
    "expression",
    [
        'env("OPENAI_API_KEY")|reverse',
        'env("OPENAI_API_KEY")[3:]',
        'env("OPENAI_API_KEY")|replace("-", "~")',
        'env("OPENAI_API_KEY")|upper',
        '(env("OPENAI_API_KEY")|list|sort|join)',
    ],
)
def test_a_value_derived_from_a_secret_variable_is_refused(tmp_path: Path, expression: str) -> None:
    project = write_project(tmp_path / "p", f"      X-Derived: '{{{{ {expression} }}}}'\n")
    out = tmp_path / "t.json"
    result = run(
        ["compile", "-p", str(project), "-o", str(out), "--no-cache"], {"OPENAI_API_KEY": OPENAI_KEY}
    )
    assert result.code == 1
    assert (
        "modelcfg.yaml:10:18: error[MC107]: template renders a value derived from `OPENAI_API_KEY`"
        in result.stderr
    )
    assert not out.exists()
    for leaked in (OPENAI_KEY, OPENAI_KEY[::-1], OPENAI_KEY[3:], OPENAI_KEY.upper()):
        assert leaked not in result.shown


def test_a_variable_named_by_api_key_env_is_a_secret_whatever_its_shape(tmp_path: Path) -> None:
    plain = "not-a-known-shape-but-still-a-credential"
    project = write_project(tmp_path / "p", "      X-Derived: '{{ env(\"OPENAI_API_KEY\")|reverse }}'\n")
    result = run(["compile", "-p", str(project), "-o", "-", "--no-cache"], {"OPENAI_API_KEY": plain})
    assert result.code == 1
    assert "error[MC107]" in result.stderr
    assert plain[::-1] not in result.shown


def test_plain_variables_still_render(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", "      X-Region: '{{ env(\"REGION\")|upper }}'\n")
    result = run(["compile", "-p", str(project), "-o", "-", "--no-cache"], {"REGION": "eu-west-1"})
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["body"]["providers"]["openai"]["headers"]["X-Region"] == "EU-WEST-1"


def test_diff_masks_a_key_in_every_format(tmp_path: Path) -> None:
    compiled = compile_project(write_project(tmp_path / "p"), environ={})
    assert compiled.table is not None
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(compiled.table))
    new.write_text(json.dumps(table_with(compiled.table, {"X-K": GOOGLE_KEY})))
    for fmt in ("text", "json", "markdown"):
        result = run(["diff", str(old), str(new), "--format", fmt])
        assert result.code == 0, result.stderr
        assert "AIza…ErTy" in result.stdout
        assert GOOGLE_KEY not in result.shown
    assert GOOGLE_KEY not in files_text(tmp_path / "p")


def test_compile_sees_a_key_spelled_with_a_toml_escape(tmp_path: Path) -> None:
    escaped = "\\u0073" + OPENAI_KEY[1:]  # `s` of the prefix as an escape: no prefix in the raw text
    (tmp_path / "modelcfg.toml").write_text(
        f'version = 1\nextends = ["preset:openai"]\n\n[providers.openai.headers]\nX-A = "{escaped}"\n'
    )
    result = run(["compile", "-p", str(tmp_path), "-o", "-", "--no-cache"])
    assert result.code == 1
    assert "modelcfg.toml:5:7: error[MC202]" in result.stderr
    assert OPENAI_KEY not in result.shown and escaped not in result.shown


def test_explain_renderings_mask_keys_themselves() -> None:
    item = Explanation(("providers", "openai", "headers", "X"), True, f"Bearer {GOOGLE_KEY}", ())
    for shown in (render_text([item]), render_json([item])):
        assert "AIza…ErTy" in shown
        assert GOOGLE_KEY not in shown
