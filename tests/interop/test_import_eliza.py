"""Importing elizaOS settings: seed-era and current names, character files, camelCase, literal keys."""

from pathlib import Path

from modelcfg.compiler import compile_project
from modelcfg.compiler.interop import import_eliza, render, write_project

from tests.interop.tables import FIXTURES, hand_table

SEED_ENV = FIXTURES / "eliza_seed.env"
SEED_CHARACTER = FIXTURES / "eliza_seed.character.json"
CURRENT_ENV = FIXTURES / "eliza_current.env"
CURRENT_CHARACTER = FIXTURES / "eliza_current.character.json"


def where(result):
    return {(Path(d.span.file).name, d.span.line, d.span.column): d for d in result.diagnostics}


def test_seed_era_names_and_model_config() -> None:
    doc = import_eliza([SEED_ENV, SEED_CHARACTER]).document
    openai = doc["providers"]["openai"]
    assert openai["models"] == {
        "small": "gpt-4o-mini",
        "medium": "gpt-4o",
        "large": "gpt-4o",
        "embedding": "text-embedding-3-small",
        "image": "dall-e-3",
    }
    # modelConfig, camelCase or not, lands on the character's modelProvider
    assert openai["settings"] == {
        "frequency_penalty": 0.1,
        "presence_penalty": 0.1,
        "temperature": 0.4,
        "top_p": 0.9,
    }
    assert (openai["max_input_tokens"], openai["max_output_tokens"]) == (64000, 2048)
    assert doc["providers"]["anthropic"]["models"] == {
        "small": "claude-3-5-haiku-20241022",
        "large": "claude-sonnet-4-5",
    }
    assert doc["providers"]["anthropic"]["api_key_env"] == "ANTHROPIC_API_KEY"
    assert doc["selection"] == {"default_provider": "openai"}


def test_seed_era_findings_at_their_locations() -> None:
    result = import_eliza([SEED_ENV, SEED_CHARACTER])
    found = where(result)
    typo = found[("eliza_seed.env", 13, 1)]
    assert (typo.code, typo.severity.value, typo.hint) == (
        "MC601",
        "warning",
        "did you mean `SMALL_OPENAI_MODEL`?",
    )
    assert found[("eliza_seed.env", 2, 1)].message.startswith("`SERVER_PORT` not imported")
    assert found[("eliza_seed.env", 14, 1)].message.startswith(
        "`USE_OPENAI_EMBEDDING` not imported: modelcfg embeds"
    )
    assert found[("eliza_seed.env", 15, 1)].code == "MC601"
    assert found[("eliza_seed.character.json", 11, 5)].message.startswith("`settings.voice`")
    assert found[("eliza_seed.character.json", 19, 7)].message.startswith("`experimental_telemetry`")
    assert found[("eliza_seed.character.json", 22, 3)].message.startswith("`voiceSettings`")
    keys = {
        (s.variable, s.masked, Path(s.span.file).name, s.span.line, s.span.column) for s in result.secrets
    }
    assert keys == {
        ("OPENAI_API_KEY", "sk-proj-…2345", "eliza_seed.env", 3, 16),
        ("GROQ_API_KEY", "gsk_…0123", "eliza_seed.character.json", 9, 23),
    }
    persona = {
        ("eliza_seed.character.json", 2, 3),
        ("eliza_seed.character.json", 4, 3),
        ("eliza_seed.character.json", 5, 3),
    }
    assert all(found[k].severity.value == "info" and "persona" in found[k].message for k in persona)
    assert found[("eliza_seed.character.json", 9, 7)].message.startswith("provider `groq` not written")
    assert len(result.diagnostics) == 13


def test_current_plugin_names() -> None:
    result = import_eliza([CURRENT_ENV, CURRENT_CHARACTER])
    doc = result.document
    openai = doc["providers"]["openai"]
    assert openai["endpoint"] == "http://127.0.0.1:9999/v1"
    assert openai["embedding"] == {"dimensions": 3072}
    # the character's settings override the .env, as elizaOS's getSetting does
    assert openai["models"] == {
        "small": "gpt-4.1-nano",
        "large": "gpt-4.1-mini",
        "embedding": "text-embedding-3-large",
    }
    assert openai["settings"] == {"temperature": 0.7}
    assert openai["max_output_tokens"] == 1024
    assert doc["providers"]["ollama"] == {
        "api": "openai",
        "endpoint": "http://localhost:11434/v1",
        "models": {"small": "llama3.2", "embedding": "nomic-embed-text"},
    }
    assert [s.variable for s in result.secrets] == ["OPENAI_API_KEY"]
    assert where(result)[("eliza_current.env", 11, 1)].message.startswith("`POSTGRES_URL`")


def test_env_reference_is_kept_as_the_variable_name(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("export OPENAI_API_KEY=${TEAM_OPENAI_KEY}\nOPENAI_SMALL_MODEL='gpt-4.1-nano' # cheap\n")
    result = import_eliza([env])
    assert result.document["providers"]["openai"]["api_key_env"] == "TEAM_OPENAI_KEY"
    assert result.document["providers"]["openai"]["models"] == {"small": "gpt-4.1-nano"}
    assert result.secrets == [] and result.diagnostics == []


def test_imported_projects_compile_and_hold_no_key(tmp_path: Path) -> None:
    for name, files in (("seed", [SEED_ENV, SEED_CHARACTER]), ("current", [CURRENT_ENV, CURRENT_CHARACTER])):
        target = write_project(import_eliza(files), tmp_path / name)
        text = target.read_text("utf-8")
        assert "sk-proj-" not in text and "gsk_" not in text
        compilation = compile_project(tmp_path / name)
        assert compilation.ok, (name, [str(d) for d in compilation.diagnostics])


def test_round_trip_through_eliza_keeps_what_eliza_can_hold(tmp_path: Path) -> None:
    table = hand_table()
    env = tmp_path / "eliza.env"
    env.write_text(render("eliza", table), encoding="utf-8")
    character = tmp_path / "eliza.character.json"
    character.write_text(render("eliza-character", table), encoding="utf-8")
    result = import_eliza([env, character])
    assert result.diagnostics == []
    write_project(result, tmp_path / "proj")
    compilation = compile_project(tmp_path / "proj")
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    before, after = table["body"]["providers"], compilation.table["body"]["providers"]
    for provider, classes in (("openai", ("small", "large", "embedding")), ("anthropic", ("small", "large"))):
        assert after[provider]["endpoint"] == before[provider]["endpoint"]
        assert after[provider]["api_key_env"] == before[provider]["api_key_env"]
        for model_class in classes:
            assert (
                after[provider]["models"][model_class]["id"] == before[provider]["models"][model_class]["id"]
            )
    assert after["openai"]["models"]["embedding"]["dimensions"] == 1536
    settings = after["openai"]["models"]["large"]["settings"]
    assert {k: settings[k] for k in ("temperature", "frequency_penalty", "presence_penalty")} == {
        "temperature": 0.6,
        "frequency_penalty": 0.0,
        "presence_penalty": 0.0,
    }
    assert compilation.table["body"]["selection"]["default_provider"] == "openai"


def test_wrong_types_are_findings_not_crashes(tmp_path: Path) -> None:
    character = tmp_path / "odd.character.json"
    character.write_text(
        '{"modelProvider": "openai", "plugins": 5, "settings": {"modelConfig": '
        '{"temperature": "hot", "maxOutputTokens": "lots", "stop": "END"}, '
        '"OPENAI_EMBEDDING_DIMENSIONS": "wide"}}',
        encoding="utf-8",
    )
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    result = import_eliza([character, listed])
    bad = sorted(
        (Path(d.span.file).name, d.message.split(" ")[0]) for d in result.diagnostics if d.code == "MC603"
    )
    assert bad == [
        ("list.json", "a"),
        ("odd.character.json", "`OPENAI_EMBEDDING_DIMENSIONS`"),
        ("odd.character.json", "`max_output_tokens`"),
        ("odd.character.json", "`stop`"),
        ("odd.character.json", "`temperature`"),
    ]
    assert any(d.message.startswith("`plugins` not imported") for d in result.diagnostics)
    assert "settings" not in result.document["providers"]["openai"]


def test_seed_era_provider_wide_model_fills_the_classes_without_their_own(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "OLLAMA_MODEL=hermes3\nSMALL_OLLAMA_MODEL=llama3.2\nOLLAMA_SERVER_URL=http://gpu-box:11434\n"
        "GOOGLE_MODEL=gemini-2.5-flash\n",
        encoding="utf-8",
    )
    result = import_eliza([env])
    ollama = result.document["providers"]["ollama"]
    assert ollama["endpoint"] == "http://gpu-box:11434/v1"
    assert ollama["models"] == {"small": "llama3.2", "medium": "hermes3", "large": "hermes3"}
    assert result.document["providers"]["google"]["models"] == dict.fromkeys(
        ("small", "medium", "large"), "gemini-2.5-flash"
    )
    assert result.diagnostics == []
