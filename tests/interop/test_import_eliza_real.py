"""`import eliza` on fixtures that reproduce real elizaOS `.env` and character files (see README.md).

The `.env` is read with python-dotenv's own parser: `KEY=   # comment` is empty, quotes and
`export` work, and a key left in a comment never reaches the project. Every v0.1.x provider of
`models.ts` is imported, and the plugin order in a character decides the default provider.
"""

import json
from pathlib import Path

from click.testing import CliRunner
from dotenv import dotenv_values
from modelcfg.compiler import compile_project
from modelcfg.compiler.interop import import_eliza, render
from modelcfg.compiler.interop.imported import write_project

from modelcfg.cli import cli
from tests.interop.tables import FIXTURES, hand_table

ELIZA = FIXTURES / "eliza"


def test_empty_values_with_trailing_comments_set_nothing() -> None:
    result = import_eliza([ELIZA / "v01.env"])
    openai = result.document["providers"]["openai"]
    assert openai["endpoint"] == "https://api.openai.com/v1"  # not `# OpenAI API Endpoint ...`
    assert openai["models"] == {"medium": "gpt-4o"}  # SMALL_OPENAI_MODEL= # Default: ... is empty
    assert not result.secrets or all(s.variable != "OPENAI_API_KEY" for s in result.secrets)
    messages = " ".join(d.message for d in result.diagnostics)
    assert "# Default" not in messages and "sk-or-v1" not in messages


def test_every_value_matches_what_python_dotenv_reads() -> None:
    """What the importer took is what dotenv (and so elizaOS) reads for the same names."""
    values = dotenv_values(ELIZA / "v01.env")
    providers = import_eliza([ELIZA / "v01.env"]).document["providers"]
    assert providers["anthropic"]["models"]["large"] == values["LARGE_ANTHROPIC_MODEL"] == "claude-sonnet-4-5"
    assert providers["deepseek"]["models"]["large"] == values["LARGE_DEEPSEEK_MODEL"] == "deepseek-reasoner"
    assert providers["mistral"]["models"]["small"] == values["MISTRAL_MODEL"]  # `export` prefix
    assert values["OPENROUTER_API_KEY"] == ""  # the key in the comment is a comment


def test_late_v01_providers_are_imported_not_dropped() -> None:
    result = import_eliza([ELIZA / "v01.env"])
    providers = result.document["providers"]
    assert providers["deepseek"]["endpoint"] == "https://api.deepseek.com"
    assert providers["deepseek"]["models"] == {"small": "deepseek-chat", "large": "deepseek-reasoner"}
    assert providers["anthropic"]["endpoint"] == "https://claude-gateway.example.com/v1"  # ANTHROPIC_API_URL
    assert providers["venice"]["models"] == {"small": "llama-3.3-70b"}
    assert providers["mistral"]["models"] == {c: "mistral-large-latest" for c in ("small", "medium", "large")}
    dropped = {
        d.message.split("`")[1] for d in result.diagnostics if "not a model-provider setting" in d.message
    }
    assert dropped == {"DISCORD_APPLICATION_ID", "DISCORD_API_TOKEN", "TWITTER_USERNAME"}


def test_placeholders_are_not_keys_and_keyless_providers_are_reported() -> None:
    result = import_eliza([ELIZA / "v01.env"])
    assert result.secrets == []  # `sk-*` and "put your Venice API key here" are template hints
    placeholders = [d for d in result.diagnostics if "placeholder" in d.message]
    assert [(d.span.line, d.span.column) for d in placeholders] == [(7, 16), (25, 16)]
    [unused] = [d for d in result.diagnostics if d.message.startswith("provider `openrouter` not written")]
    assert unused.span.line == 11
    assert "openrouter" not in result.document["providers"]


def test_current_plugin_names_for_medium_and_image(tmp_path: Path) -> None:
    result = import_eliza([ELIZA / "current.env"])
    providers = result.document["providers"]
    assert providers["openai"]["models"] == {
        "small": "gpt-4.1-nano",
        "medium": "gpt-4.1-mini",
        "image": "gpt-image-1",
    }
    assert providers["anthropic"]["models"] == {"medium": "claude-sonnet-4-5", "large": "claude-opus-4-1"}
    write_project(result, tmp_path)
    assert compile_project(tmp_path).ok


def test_plugin_order_decides_the_default_provider() -> None:
    document = import_eliza([ELIZA / "ordered.character.json"]).document
    assert document["selection"]["default_provider"] == "anthropic"  # listed before plugin-openai


def test_eliza_character_round_trip_keeps_the_default_provider(tmp_path: Path) -> None:
    table = hand_table()
    default = table["body"]["selection"]["default_provider"]
    character = tmp_path / "agent.character.json"
    character.write_text(render("eliza-character", table), encoding="utf-8")
    assert json.loads(character.read_text("utf-8"))["plugins"][0].endswith(f"plugin-{default}")
    assert import_eliza([character]).document["selection"]["default_provider"] == default


def test_character_settings_apply_to_its_model_provider() -> None:
    result = import_eliza([ELIZA / "router.character.json"])
    router = result.document["providers"]["openrouter"]
    assert router["models"] == {"medium": "anthropic/claude-3.5-sonnet:beta"}
    assert router["settings"] == {"temperature": 0.7} and router["max_output_tokens"] == 2000
    assert [(s.variable, s.masked) for s in result.secrets] == [("OPENROUTER_API_KEY", "sk-or-v1-…eeff")]


def test_a_character_naming_only_its_provider_imports_nothing_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "p"
    result = CliRunner().invoke(
        cli, ["import", "eliza", str(ELIZA / "venice.character.json"), "-p", str(out)]
    )
    assert result.exit_code == 1 and "nothing to import" in result.stderr
    assert not out.exists()


def test_every_fixture_imports_to_a_project_that_compiles(tmp_path: Path) -> None:
    for fixture in sorted(set(ELIZA.iterdir()) - {ELIZA / "venice.character.json"}):
        out = tmp_path / fixture.stem
        result = CliRunner().invoke(cli, ["import", "eliza", str(fixture), "-p", str(out)])
        assert result.exit_code in (0, 1) and "wrote" in result.stderr, result.output
        assert compile_project(out).ok, fixture.name
