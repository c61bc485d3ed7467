"""Built-in presets and profiles: they load, validate, and name models that exist today."""

from datetime import date
from pathlib import Path

import pytest
from modelcfg.profiles import builtin_names, builtin_path
from modelcfg.profiles.catalog import load_catalog, namespace_for
from modelcfg.schema import CHAT_CLASSES, Document, ModelClass, Provider, WireApi
from ruamel.yaml import YAML

SEED_PROVIDERS = [
    "openai", "anthropic", "claude_vertex", "grok", "groq", "llamacloud",
    "llamalocal", "google", "redpill", "openrouter", "heurist",
]  # fmt: skip
SEED_PROFILES = {
    "creative": {"temperature": 0.8, "frequency_penalty": 0.7, "presence_penalty": 0.7},
    "balanced": {"temperature": 0.5, "frequency_penalty": 0.3, "presence_penalty": 0.3},
    "precise": {"temperature": 0.2, "frequency_penalty": 0.0, "presence_penalty": 0.0},
}
HINT = "# yaml-language-server: $schema=../../schema/modelcfg.schema.json"


def _document(kind: str, name: str) -> Document:
    text = builtin_path(kind, name).read_text(encoding="utf-8")  # type: ignore[arg-type]
    return Document.model_validate(YAML(typ="safe").load(text))


def _provider(name: str) -> Provider:
    document = _document("preset", name)
    assert list(document.providers) == [name], "a preset defines exactly the provider it is named for"
    return document.providers[name]


def test_every_seed_provider_has_a_preset() -> None:
    assert builtin_names("preset") == sorted(SEED_PROVIDERS)


def test_profiles_carry_the_seed_values() -> None:
    assert builtin_names("profile") == sorted(SEED_PROFILES)
    for name, values in SEED_PROFILES.items():
        settings = _document("profile", name).profiles[name]
        assert settings.model_dump(exclude_unset=True) == values


@pytest.mark.parametrize("kind", ["preset", "profile"])
def test_builtin_files_carry_the_editor_hint(kind: str) -> None:
    for name in builtin_names(kind):  # type: ignore[arg-type]
        path = builtin_path(kind, name)  # type: ignore[arg-type]
        assert path.read_text(encoding="utf-8").splitlines()[0] == HINT
        assert (path.parent / "../../schema/modelcfg.schema.json").resolve().is_file()


def test_unknown_builtin_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: anthropic, claude_vertex"):
        builtin_path("preset", "azure")
    with pytest.raises(KeyError):
        builtin_path("preset", "../profiles/precise")
    with pytest.raises(KeyError):
        builtin_path("template", "openai")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", SEED_PROVIDERS)
def test_preset_models_exist_today(name: str) -> None:
    provider = _provider(name)
    namespace = namespace_for(provider.endpoint, provider.catalog)
    served = [provider.model(cls) for cls in ModelClass]
    assert any(spec is not None for spec in served)
    for cls in ModelClass:
        spec = provider.model(cls)
        if spec is None:
            continue
        assert spec.id, f"{name}/{cls}: a preset serves a class with a real id or leaves it out"
        info = load_catalog().lookup(namespace, spec.id) if namespace else None
        if info is None:
            # Models the catalog lacks (local GGUF, Heurist): the preset declares what it knows.
            assert namespace in (None, "redpill"), f"{name}/{cls}: `{spec.id}` is not in `{namespace}`"
            window = spec.max_input_tokens or provider.max_input_tokens or spec.dimensions
            assert window or cls is ModelClass.IMAGE, f"{name}/{cls}: declare the token window"
            if cls in CHAT_CLASSES:
                assert spec.capabilities, f"{name}/{cls}: declare capabilities"
            continue
        assert not info.retired and info.deprecation_date is None, f"{name}/{cls}: `{spec.id}` is deprecated"
        assert info.mode == ("chat" if cls in CHAT_CLASSES else str(cls)), f"{name}/{cls}: mode {info.mode}"


@pytest.mark.parametrize("name", SEED_PROVIDERS)
def test_preset_settings_are_ones_the_api_accepts(name: str) -> None:
    provider = _provider(name)
    settings = provider.settings.model_dump(exclude_none=True)
    if provider.api in (WireApi.ANTHROPIC, WireApi.ANTHROPIC_VERTEX):
        assert not {"frequency_penalty", "presence_penalty", "repetition_penalty"} & set(settings)
    if "repetition_penalty" in settings:
        assert settings["repetition_penalty"] >= 1.0, "1.0 is off; below 1 rewards repeats"
    namespace = namespace_for(provider.endpoint, provider.catalog)
    for cls in CHAT_CLASSES:
        spec = provider.model(cls)
        info = load_catalog().lookup(namespace, spec.id) if spec and namespace else None
        if info is not None and not info.sampling_params:
            assert not {"temperature", "top_p", "top_k"} & set(settings), f"{spec.id} refuses sampling"


@pytest.mark.parametrize("name", SEED_PROVIDERS)
def test_preset_output_fits_the_window(name: str) -> None:
    provider = _provider(name)
    namespace = namespace_for(provider.endpoint, provider.catalog)
    for cls in CHAT_CLASSES:
        spec = provider.model(cls)
        if spec is None:
            continue
        info = load_catalog().lookup(namespace, spec.id) if namespace else None
        window = spec.max_input_tokens or provider.max_input_tokens or (info and info.max_input_tokens)
        output = spec.max_output_tokens or provider.max_output_tokens or (info and info.max_output_tokens)
        assert window and output and output < window, f"{name}/{cls}: {output} out of {window}"


def test_keyed_providers_name_an_env_var_and_local_ones_do_not() -> None:
    for name in SEED_PROVIDERS:
        provider = _provider(name)
        if name == "llamalocal":
            assert provider.api_key_env is None and provider.endpoint.startswith("http://127.0.0.1")
        elif name == "claude_vertex":
            assert provider.token_command == ["gcloud", "auth", "print-access-token"]
        else:
            assert provider.api_key_env and provider.endpoint.startswith("https://")


def test_wire_protocols() -> None:
    apis = {name: _provider(name).api for name in SEED_PROVIDERS}
    assert apis["anthropic"] is WireApi.ANTHROPIC
    assert apis["claude_vertex"] is WireApi.ANTHROPIC_VERTEX
    assert apis["google"] is WireApi.GEMINI
    assert {n for n, api in apis.items() if api is WireApi.OPENAI} == set(SEED_PROVIDERS) - {
        "anthropic", "claude_vertex", "google",
    }  # fmt: skip


def test_heurist_keeps_the_seed_image_steps() -> None:
    assert _provider("heurist").image.steps == 20


#: Presets are judged on a pinned date, so the suite does not start failing on the day a model
#: retires; move it forward together with the catalog snapshot.
CATALOG_DATE = date(2026, 11, 29)


def retired_preset_models(on: date) -> list[str]:
    """`preset/class: model` for every preset model the catalog says is retired on ``on``."""
    retired = []
    for name in SEED_PROVIDERS:
        provider = _provider(name)
        namespace = namespace_for(provider.endpoint, provider.catalog)
        for cls in ModelClass:
            spec = provider.model(cls)
            info = load_catalog().lookup(namespace, spec.id) if spec and namespace else None
            if info is not None and spec is not None and info.is_retired(on):
                retired.append(f"{name}/{cls}: {spec.id}")
    return retired


def test_no_preset_is_past_deprecation_on_the_catalog_date() -> None:
    assert retired_preset_models(CATALOG_DATE) == []


def test_the_deprecation_check_judges_the_date_it_is_given() -> None:
    info = load_catalog().lookup("openai", "gpt-4o")
    assert info is not None and info.deprecation_date == date(2027, 1, 14)
    assert not info.is_retired(date(2027, 1, 13))
    assert info.is_retired(date(2027, 1, 14))


def test_builtin_dirs_hold_only_yaml() -> None:
    root = Path(builtin_path("preset", "openai")).parents[1]
    assert {p.suffix for p in (root / "presets").iterdir()} == {".yaml"}
    assert {p.suffix for p in (root / "profiles").iterdir()} == {".yaml"}
