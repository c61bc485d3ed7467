"""Exporters: golden output, determinism, the content_hash header and --check, python-dotenv parsing."""

import io
import json
from pathlib import Path

import pytest
from dotenv import dotenv_values
from modelcfg.compiler.interop import (
    EXPORTERS,
    ExportError,
    load_table,
    render,
    render_template,
    stale_reason,
)
from ruamel.yaml import YAML

from tests.golden import assert_golden
from tests.interop.tables import GOLDEN, envelope, hand_table, write_table


def golden(name: str, text: str) -> None:
    assert_golden(GOLDEN / name, text)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_golden_hand_table(fmt: str) -> None:
    golden(f"hand.{EXPORTERS[fmt].default_file}", render(fmt, hand_table()))


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_output_is_deterministic_and_names_the_hash(fmt: str) -> None:
    table = hand_table()
    reordered = json.loads(json.dumps(table), object_pairs_hook=lambda kv: dict(reversed(kv)))
    first, second = render(fmt, table), render(fmt, reordered)
    assert first == second
    assert table["content_hash"] in first


def test_litellm_output_is_the_table() -> None:
    config = YAML(typ="safe").load(render("litellm", hand_table()))
    groups = {d["model_name"]: d for d in config["model_list"]}
    assert sorted(groups) == sorted(
        [
            "anthropic/large",
            "anthropic/small",
            "local/medium",
            "openai/embedding",
            "openai/image",
            "openai/large",
            "openai/medium",
            "openai/small",
        ]
    )
    large = groups["openai/large"]["litellm_params"]
    assert large["model"] == "openai/gpt-4.1"
    assert large["api_key"] == "os.environ/OPENAI_API_KEY"
    assert (large["rpm"], large["tpm"], large["max_parallel_requests"]) == (500, 200000, 8)
    assert "api_base" not in large  # LiteLLM's default for `openai/` is our endpoint
    local = groups["local/medium"]["litellm_params"]
    assert local["api_base"] == "http://127.0.0.1:8080/v1"
    assert "api_key" not in local
    assert local["extra_body"] == {"repetition_penalty": 1.1}  # a llama.cpp server takes it in the body
    assert groups["anthropic/large"]["litellm_params"]["top_k"] == 40
    router = config["router_settings"]
    fallbacks = {head: rest for entry in router["fallbacks"] for head, rest in entry.items()}
    assert fallbacks == {
        "openai/large": ["anthropic/large"],
        "openai/medium": ["local/medium"],
        "openai/small": ["anthropic/small"],
        # LiteLLM looks fallbacks up by the name called, so the aliases carry their group's chain
        "large": ["anthropic/large"],
        "medium": ["local/medium"],
        "small": ["anthropic/small"],
        "summarize": ["anthropic/small"],
    }
    assert router["num_retries"] == 2 and router["timeout"] == 120.0
    assert router["model_group_alias"]["summarize"] == "openai/small"


def test_settings_without_a_place_are_comments_not_dropped() -> None:
    text = render("litellm", hand_table())
    assert "# not exported: retry_on_status 409" in text
    assert "# note: profile `precise`" in text
    eliza = render("eliza", hand_table())
    assert "# no place in Eliza: timeout_s 60.0: no plugin timeout setting" in eliza
    assert "OPENAI_MEDIUM_MODEL=gpt-4.1-mini" in eliza  # plugins/plugin-openai/utils/config.ts reads it
    assert "local/medium settings {repetition_penalty: 1.1" in eliza


def test_dotenv_and_eliza_parse_with_python_dotenv(tmp_path: Path) -> None:
    table = hand_table()
    dotenv = dotenv_values(stream=io.StringIO(render("dotenv", table)))
    assert dotenv["MODELCFG_OPENAI_LARGE_MODEL"] == "gpt-4.1"
    assert dotenv["MODELCFG_OPENAI_API_KEY_ENV"] == "OPENAI_API_KEY"
    assert json.loads(dotenv["MODELCFG_LOCAL_MEDIUM_STOP"] or "") == ["<|eot_id|>", "<|eom_id|>"]
    assert json.loads(dotenv["MODELCFG_LOCAL_HEADERS"] or "") == {"X-Title": "agent"}
    assert dotenv["MODELCFG_FAILOVER_OPENAI_LARGE"] == "anthropic/large"
    eliza = dotenv_values(stream=io.StringIO(render("eliza", table)))
    assert eliza == {
        "OPENAI_BASE_URL": "https://api.openai.com/v1",
        "OPENAI_SMALL_MODEL": "gpt-4.1-nano",
        "OPENAI_MEDIUM_MODEL": "gpt-4.1-mini",
        "OPENAI_LARGE_MODEL": "gpt-4.1",
        "OPENAI_IMAGE_MODEL": "dall-e-3",
        "OPENAI_EMBEDDING_MODEL": "text-embedding-3-small",
        "OPENAI_EMBEDDING_DIMENSIONS": "1536",
        "ANTHROPIC_BASE_URL": "https://api.anthropic.com/v1",
        "ANTHROPIC_SMALL_MODEL": "claude-haiku-4-5",
        "ANTHROPIC_LARGE_MODEL": "claude-sonnet-4-5",
    }


def test_no_secret_reaches_an_export() -> None:
    body = hand_table()["body"]
    body["providers"]["openai"]["headers"] = {"X-Org": "acme"}
    for fmt in EXPORTERS:
        text = render(fmt, envelope(body))
        assert "sk-" not in text


def test_eliza_character_fragment_is_json_with_model_config() -> None:
    fragment = json.loads(render("eliza-character", hand_table()))
    assert fragment["settings"]["modelConfig"] == {
        "frequency_penalty": 0.0,
        "maxInputTokens": 1047576,
        "maxOutputTokens": 32768,
        "presence_penalty": 0.0,
        "temperature": 0.6,
    }
    assert hand_table()["content_hash"] in fragment["$comment"]


def test_check_tells_current_from_stale(tmp_path: Path) -> None:
    table = hand_table()
    out = tmp_path / "litellm.yaml"
    out.write_text(render("litellm", table), encoding="utf-8")
    assert stale_reason(out, render("litellm", table)) is None
    body = table["body"]
    body["providers"]["openai"]["models"]["large"]["id"] = "gpt-5"
    changed = envelope(body)
    reason = stale_reason(out, render("litellm", changed))
    assert reason is not None and table["content_hash"] in reason and changed["content_hash"] in reason
    assert stale_reason(tmp_path / "missing.yaml", "x") == "does not exist"


def test_user_template_renders_the_documented_context(tmp_path: Path) -> None:
    template = tmp_path / "models.tf.j2"
    template.write_text(
        "{{ header }}{% for name, p in body.providers | dictsort %}"
        'variable "{{ name }}_endpoint" { default = {{ p.endpoint | tojson }} }\n{% endfor %}',
        encoding="utf-8",
    )
    text = render_template(template, hand_table())
    assert 'variable "local_endpoint" { default = "http://127.0.0.1:8080/v1" }' in text
    assert text.startswith("# Generated by `modelcfg export models.tf`")


@pytest.mark.parametrize(
    ("source", "fragment", "line"),
    [
        ("ok\n{{ table.__class__.__mro__ }}", "sandbox", 0),
        ("{{ body.providers.clear() }}", "sandbox", 0),
        ("line one\n{{ body.nope.deeper }}", "undefined", 2),
        ("{% for x in %}", "syntax", 1),
    ],
)
def test_user_template_errors_are_diagnostics(tmp_path: Path, source: str, fragment: str, line: int) -> None:
    template = tmp_path / "bad.j2"
    template.write_text(source, encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        render_template(template, hand_table())
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "MC605" and fragment in diagnostic.message
    assert diagnostic.span.file == str(template)
    if line:
        assert diagnostic.span.line == line


def test_load_table_refuses_edited_tables(tmp_path: Path) -> None:
    table = hand_table()
    path = write_table(table, tmp_path / "t.json")
    assert load_table(path) == table
    table["body"]["providers"]["openai"]["timeout_s"] = 1.0
    write_table(table, path)
    with pytest.raises(ExportError, match="content_hash does not match"):
        load_table(path)
    (tmp_path / "junk.json").write_text("{", encoding="utf-8")
    with pytest.raises(ExportError, match="not JSON"):
        load_table(tmp_path / "junk.json")


def test_a_table_of_another_shape_is_an_error_not_a_traceback() -> None:
    broken = hand_table()
    del broken["body"]["failover"]
    for fmt in EXPORTERS:
        with pytest.raises(ExportError, match="shape of format 1"):
            render(fmt, envelope(broken["body"]))
