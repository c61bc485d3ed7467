"""Validation errors at file:line:col of the layer that set the value; templates; cross-field checks."""

from modelcfg.compiler import compile_project
from modelcfg.compiler.report import render

from .conftest import BASE, WriteProject


def found(root: object, **kwargs: object) -> list[tuple[str, str, str, str | None]]:
    result = compile_project(root, environ=kwargs.pop("environ", {}), **kwargs)  # type: ignore[arg-type]
    assert not result.ok
    return [(str(d.span), d.code, d.message, d.hint) for d in result.diagnostics]


def test_errors_point_at_the_overlay_that_set_the_value(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": BASE + "environments: {production: [envs/production.yaml]}\n",
            "envs/production.yaml": """
                providers:
                  openai:
                    settings:
                      temperature: 2.5
                    maxInputTokens: 1000
                    models:
                      large: {id: gpt-4.1, temprature: 1}
                      huge: x
            """,
        }
    )
    assert found(root, env="production") == [
        ("envs/production.yaml:4:20", "MC203", "temperature must be ≤ 2 (got 2.5)", None),
        (
            "envs/production.yaml:5:5",
            "MC101",
            "unknown key `maxInputTokens`",
            "did you mean `max_input_tokens`?",
        ),
        (
            "envs/production.yaml:7:28",
            "MC101",
            "unknown key `temprature`",
            "did you mean `settings.temperature`?",
        ),
        (
            "envs/production.yaml:8:7",
            "MC204",
            "`huge` is not a valid key under `models`",
            "valid keys: small, medium, large, embedding, image",
        ),
    ]


def test_seed_layout_key_is_pointed_to_the_section_it_belongs_to(project: WriteProject) -> None:
    # the seed guide keeps token windows inside `settings`; here they belong to the provider
    root = project(
        {"modelcfg.yaml": BASE + "      maxOutputTokens: 8192\n      stdTTL: 300\n"}
    )
    hints = {d.message: d.hint for d in compile_project(root, environ={}).diagnostics}
    assert hints["unknown key `maxOutputTokens`"] == (
        "did you mean `max_output_tokens`? it belongs to `providers.openai`, not to `settings`"
    )
    assert hints["unknown key `stdTTL`"].startswith("valid keys: ")


def test_text_report_has_source_line_caret_and_related_layers(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": BASE + "environments: {production: [envs/production.yaml]}\n",
            "envs/production.yaml": "providers:\n  openai:\n    settings:\n      temperature: 2.5\n",
        }
    )
    result = compile_project(root, env="production", environ={})
    assert render(result.diagnostics, "text", result.sources) == (
        "envs/production.yaml:4:20: error[MC203]: temperature must be ≤ 2 (got 2.5)\n"
        "  |\n"
        "4 |       temperature: 2.5\n"
        "  |                    ^^^\n"
        "  = note: also set at modelcfg.yaml:9:20\n"
        "\n"
        "Found 1 error.\n"
    )
    assert render(result.diagnostics, "concise", result.sources) == (
        "envs/production.yaml:4:20: error[MC203]: temperature must be ≤ 2 (got 2.5)\nFound 1 error.\n"
    )


def test_missing_field_points_at_the_parent_key(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": "providers:\n  mine:\n    models: {small: m}\n"})
    assert found(root) == [
        (
            "modelcfg.yaml:2:3",
            "MC103",
            "missing required field `endpoint` in `providers.mine`",
            "add `endpoint:`",
        )
    ]


def test_secrets_are_refused_and_never_echoed(project: WriteProject) -> None:
    key = "sk-proj-" + "A1b2C3d4E5f6G7h8J9k0" * 2
    root = project({"modelcfg.yaml": BASE.replace("OPENAI_API_KEY", key) + "vars: {n: [1]}\n"})
    result = compile_project(root, environ={})
    text = render(result.diagnostics, "text", {}) + render(result.diagnostics, "json", {})
    assert [d.code for d in result.diagnostics] == ["MC202"]
    assert key not in text


def test_templates_render_vars_and_allowed_env(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": BASE
            + "  local:\n"
            + "    endpoint: \"http://{{ env('GW_HOST') }}:{{ vars.port }}/v1\"\n"
            + "    models: {small: '{{ vars.model }}'}\n"
            + "vars: {port: 11434, model: llama3.2}\n"
            + "allow_env: [GW_HOST]\n"
        }
    )
    result = compile_project(root, environ={"GW_HOST": "gw.internal"})
    assert result.ok, result.diagnostics
    assert result.tree["providers"]["local"]["endpoint"] == "http://gw.internal:11434/v1"
    assert result.tree["providers"]["local"]["models"]["small"] == "llama3.2"


def test_template_errors_point_at_the_string(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": """
                providers:
                  a:
                    endpoint: "http://{{ env('HOME') }}/v1"
                    headers:
                      X-Missing: "{{ vars.nope }}"
                      X-Attr: "{{ vars.__class__.__mro__ }}"
                      Authorization: "Bearer {{ env('KEY') }}"
                      X-Syntax: "{{ vars. }}"
                allow_env: [KEY]
            """
        }
    )
    got = found(root, environ={"HOME": "/root", "KEY": "sk-ant-" + "x" * 30})
    assert [g[:2] for g in got] == [
        ("modelcfg.yaml:3:15", "MC105"),
        ("modelcfg.yaml:5:18", "MC104"),
        ("modelcfg.yaml:6:15", "MC104"),
        ("modelcfg.yaml:7:22", "MC107"),
        ("modelcfg.yaml:8:17", "MC104"),
    ]
    assert got[0][2] == 'env("HOME") is not allowed'


def test_cross_field_validity(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": BASE
            + "  vertex: {endpoint: 'https://x.googleapis.com', api: anthropic-vertex, max_input_tokens: 100,"
            + "\n"
            + "           max_output_tokens: 100, models: {large: claude}}\n"
            + "selection:\n"
            + "  default_provider: opneai\n"
            + "  default_profile: fast\n"
            + "  tasks: {sum: {class: embedding, provider: openai}}\n"
            + "failover:\n"
            + "  chains:\n"
            + "    openai/large: [openai, vertex, groq/large, openai/small, vertex]\n"
            + "    openai/huge: [vertex]\n"
        }
    )
    codes = [(g[1], g[0]) for g in found(root)]
    assert codes == [
        ("MC408", "modelcfg.yaml:10:55"),
        ("MC404", "modelcfg.yaml:11:31"),
        ("MC405", "modelcfg.yaml:13:21"),
        ("MC406", "modelcfg.yaml:14:20"),
        ("MC401", "modelcfg.yaml:15:24"),
        ("MC403", "modelcfg.yaml:18:20"),
        ("MC402", "modelcfg.yaml:18:36"),
        ("MC403", "modelcfg.yaml:18:62"),
        ("MC407", "modelcfg.yaml:19:5"),
    ]


def test_literal_keys_anywhere_are_refused_masked(project: WriteProject) -> None:
    key = "sk-ant-" + "Zx9" * 12
    root = project({"modelcfg.yaml": BASE + f"    headers: {{Authorization: 'Bearer {key}'}}\n"})
    result = compile_project(root, environ={})
    assert [(str(d.span), d.code) for d in result.diagnostics] == [("modelcfg.yaml:10:30", "MC202")]
    assert (
        result.diagnostics[0].message
        == "Authorization holds what looks like a literal API key (sk-ant-…9Zx9)"
    )
    assert result.table is None


def test_wrong_types_name_every_accepted_kind(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": "providers:\n  a:\n    endpoint: http://x\n"
            "    models: {large: 5, medium: {id: 3}}\n    settings: {stop: x, temperature: hot}\n"
        }
    )
    assert [(g[0], g[2]) for g in found(root)] == [
        ("modelcfg.yaml:4:21", "large must be a string or a mapping (got 5)"),
        ("modelcfg.yaml:4:37", "id must be a string (got 3)"),
        ("modelcfg.yaml:5:22", 'stop must be a list (got "x")'),
        ("modelcfg.yaml:5:38", 'temperature must be a number (got "hot")'),
    ]


def test_source_lines_in_reports_never_show_a_key(project: WriteProject) -> None:
    key = "sk-proj-" + "Q7w" * 10
    root = project({"modelcfg.yaml": BASE.replace("OPENAI_API_KEY", key)})
    environ = {"MODELCFG__PROVIDERS__OPENAI__HEADERS__X": key}
    result = compile_project(root, environ=environ)
    text = render(result.diagnostics, "text", result.sources)
    assert "modelcfg.yaml:4:18: error[MC202]" in text
    assert "<environment>:1:41: error[MC202]" in text
    assert "sk-proj-…wQ7w" in text and key not in text
    assert key not in result.sources["<environment>"]


def test_numbers_and_booleans_are_not_coerced(project: WriteProject) -> None:
    # lax coercion would read `true` as 1.0 and the YAML 1.2 string "no" as False
    root = project(
        {"modelcfg.yaml": BASE + "    timeout_s: true\n    enabled: 'no'\n    max_output_tokens: 1.5\n"}
    )
    assert [(d.code, d.message) for d in compile_project(root, environ={}).diagnostics] == [
        ("MC102", "timeout_s must be a number (got true)"),
        ("MC102", 'enabled must be true or false (got "no")'),
        ("MC102", "max_output_tokens must be an integer (got 1.5)"),
    ]


def test_a_literal_choice_names_the_allowed_values(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": "version: 2\n"})
    assert found(root) == [("modelcfg.yaml:1:10", "MC204", "version must be 1 (got 2)", None)]
    root = project({"modelcfg.yaml": "providers:\n  p:\n    endpoint: https://h/v1\n    api: soap\n"})
    [(_, code, message, _)] = found(root)
    assert code == "MC204" and message.startswith("api must be one of openai, anthropic")
