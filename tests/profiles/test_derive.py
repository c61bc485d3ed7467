"""Deriving the catalog from LiteLLM's price list: facts carry over, retired models stay."""

import json
from pathlib import Path
from typing import Any

from modelcfg.profiles import derive
from modelcfg.profiles.catalog import CATALOG_PATH, Catalog
from modelcfg.profiles.history import fold

OLD: dict[str, Any] = {
    "sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers", "mode": "chat"},
    "claude-3-opus-20240229": {
        "litellm_provider": "anthropic", "mode": "chat", "max_input_tokens": 200000,
        "max_output_tokens": 4096, "max_tokens": 4096, "supports_vision": True,
        "tool_use_system_prompt_tokens": 395, "input_cost_per_token": 1.5e-05,
    },
    "claude-3-5-haiku-20241022": {"litellm_provider": "anthropic", "mode": "chat"},
    "gpt-4o": {
        "litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 4096,
    },
    "hd/1024-x-1792/dall-e-3": {"litellm_provider": "openai", "mode": "image_generation"},
    "openrouter/openai/gpt-4o": {"litellm_provider": "openrouter", "mode": "chat", "max_input_tokens": 1},
    "azure/gpt-4o": {"litellm_provider": "azure", "mode": "chat"},
}  # fmt: skip
NEW: dict[str, Any] = {
    "gpt-4o": {
        "litellm_provider": "openai", "mode": "chat", "max_output_tokens": 16384,
        "deprecation_date": "2027-01-14", "successor_model": "gpt-6-luna", "supports_function_calling": True,
    },
    "gpt-6-luna": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 922000},
    "gpt-luna-latest": {"alias_of": "gpt-6-luna"},
    "groq/openai/gpt-oss-20b": {"litellm_provider": "groq", "mode": "chat", "max_input_tokens": 131072},
    "claude-opus-5-5": {"litellm_provider": "anthropic", "mode": "chat", "supports_sampling_params": False},
    "text-embedding-3-large": {"litellm_provider": "openai", "mode": "embedding", "output_vector_size": 3072},
    "whisper-1": {"litellm_provider": "openai", "mode": "audio_transcription"},
    "together-ai-up-to-4b": {"litellm_provider": "together_ai", "mode": "chat"},
}  # fmt: skip


def _catalog() -> Catalog:
    return Catalog(derive.merge([derive.normalize(OLD), derive.normalize(NEW)]))


def test_facts_carry_over_and_newer_ones_win() -> None:
    info = _catalog().lookup("openai", "gpt-4o")
    assert info is not None
    assert (info.max_input_tokens, info.max_output_tokens) == (128000, 16384)
    assert info.successor == "gpt-6-luna" and str(info.deprecation_date) == "2027-01-14"
    assert info.capabilities == ("function_calling",) and not info.retired


def test_models_gone_from_the_newest_copy_are_retired() -> None:
    catalog = _catalog()
    opus = catalog.lookup("anthropic", "claude-3-opus-20240229")
    assert opus is not None and opus.retired and opus.max_output_tokens == 4096
    dalle = catalog.lookup("openai", "dall-e-3")
    assert dalle is not None and dalle.retired and dalle.mode == "image"


def test_a_namespace_missing_from_the_newest_copy_is_a_gap_not_a_retirement() -> None:
    info = _catalog().lookup("openrouter", "openai/gpt-4o")
    assert info is not None and not info.retired


def test_only_used_fields_are_kept() -> None:
    catalog = derive.merge([derive.normalize(OLD), derive.normalize(NEW)])
    fields = {f for entries in catalog["models"].values() for facts in entries.values() for f in facts}
    assert fields <= {
        "mode", "max_input_tokens", "max_output_tokens", "output_vector_size", "reducible_dimensions",
        "deprecation_date", "retired", "successor", "capabilities", "input_cost_per_token",
        "output_cost_per_token", "sampling_params",
    }  # fmt: skip
    assert "azure" not in catalog["models"]
    assert "whisper-1" not in catalog["models"]["openai"]
    assert "together_ai" not in catalog["models"]  # price buckets are not models


def test_aliases() -> None:
    catalog = _catalog()
    assert catalog.resolve("anthropic", "claude-3-5-haiku") == "claude-3-5-haiku-20241022"
    assert catalog.resolve("anthropic", "claude-3-5-haiku-latest") == "claude-3-5-haiku-20241022"
    assert catalog.resolve("anthropic", "claude-3-opus-latest") == "claude-3-opus-20240229"
    assert catalog.resolve("openai", "gpt-luna-latest") == "gpt-6-luna"
    assert catalog.lookup("groq", "openai/gpt-oss-20b") is not None


def test_flags() -> None:
    catalog = _catalog()
    opus = catalog.lookup("anthropic", "claude-opus-5-5")
    large = catalog.lookup("openai", "text-embedding-3-large")
    assert opus is not None and not opus.sampling_params
    assert large is not None and large.reducible_dimensions and large.output_vector_size == 3072


def test_an_update_keeps_what_the_catalog_knew() -> None:
    first = derive.merge([derive.normalize(OLD), derive.normalize(NEW)])
    newer = {"gpt-6-luna": NEW["gpt-6-luna"], "gpt-7": {"litellm_provider": "openai", "mode": "chat"}}
    second = Catalog(derive.merge([derive.from_document(first), derive.normalize(newer)]))
    gpt_4o = second.lookup("openai", "gpt-4o")
    assert gpt_4o is not None and gpt_4o.retired and gpt_4o.max_output_tokens == 16384
    assert second.lookup("openai", "gpt-7") is not None


def test_committed_catalog_round_trips() -> None:
    text = CATALOG_PATH.read_text(encoding="utf-8")
    assert derive.dumps(fold([], base=json.loads(text))) == text


def test_command_line_writes_a_catalog(tmp_path: Path) -> None:
    old, new, out = tmp_path / "old.json", tmp_path / "new.json", tmp_path / "catalog.json"
    old.write_text(json.dumps(OLD), encoding="utf-8")
    new.write_text(json.dumps(NEW), encoding="utf-8")
    assert derive.main([str(old), str(new), "-o", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["models"]["anthropic"]["claude-3-opus-20240229"]["retired"] is True
    assert list(tmp_path.iterdir()) and not [
        p for p in tmp_path.iterdir() if p.name.startswith("catalog.json.")
    ]


def test_the_committed_catalog_stays_small() -> None:
    """The wheel ships catalog.json verbatim: its budget is 3 MB (docs/foundation.md)."""
    assert CATALOG_PATH.stat().st_size < 3_000_000
