"""Loading the table: format, content_hash, immutable views, the canonical form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from modelcfg.runtime import Runtime, TableError, load_table
from modelcfg.runtime.table import canonical

from tests.emulator import Emulator
from tests.runtime.tables import four_apis


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "modelcfg.lock.json"
    path.write_text(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_load_checks_and_exposes_views(tmp_path: Path, emulator: Emulator) -> None:
    envelope = four_apis(emulator)
    table = load_table(write(tmp_path, envelope))
    assert table.content_hash == envelope["content_hash"]
    assert table.entries["openai/large"].capabilities == frozenset({"function_calling", "vision"})
    assert [e.key for e in table.chains["anthropic/medium"]] == ["anthropic/medium"]
    assert table.retry.retry_on_status == frozenset({408, 409, 429, *range(500, 600)})  # every 5xx
    assert table.breaker.failure_threshold == 5
    assert Runtime.load(write(tmp_path, envelope)).table.content_hash == envelope["content_hash"]


def test_views_are_immutable(emulator: Emulator) -> None:
    table = Runtime.from_table(four_apis(emulator)).table
    with pytest.raises(TypeError):
        table.body["providers"]["openai"]["models"]["small"]["settings"]["temperature"] = 2  # type: ignore[index]
    with pytest.raises(TypeError):
        table.entries["openai/small"] = table.entries["openai/medium"]  # type: ignore[index]
    assert isinstance(table.body["selection"]["rules"], tuple)
    with pytest.raises(AttributeError):
        table.entries["openai/small"].model_id = "other"  # type: ignore[misc]


def test_tampered_body_is_refused(tmp_path: Path, emulator: Emulator) -> None:
    envelope = four_apis(emulator)
    envelope["body"]["providers"]["openai"]["models"]["large"]["id"] = "gpt-evil"
    with pytest.raises(TableError, match="content_hash does not match"):
        load_table(write(tmp_path, envelope))


def test_truncated_file_is_refused(tmp_path: Path, emulator: Emulator) -> None:
    path = write(tmp_path, four_apis(emulator))
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(TableError, match=r"not a valid JSON table .* truncated"):
        load_table(path)


def test_unknown_format_and_missing_file(tmp_path: Path, emulator: Emulator) -> None:
    envelope = four_apis(emulator) | {"format": 2}
    with pytest.raises(TableError, match="table format 2 is not supported"):
        load_table(write(tmp_path, envelope))
    with pytest.raises(TableError, match="cannot read the table"):
        load_table(tmp_path / "missing.json")


def test_malformed_body_with_a_valid_hash_is_a_table_error() -> None:
    from tests.runtime.tables import envelope

    with pytest.raises(TableError, match=r"providers\.x\.api: expected one of openai, .*smoke-signals"):
        Runtime.from_table(envelope({"providers": {"x": {"api": "smoke-signals", "models": {}}}}))


def test_canonical_form_is_the_documented_one() -> None:
    value = {"b": [1, 0.5, "é"], "a": {"z": None, "y": True}}
    assert canonical(value) == '{"a":{"y":true,"z":null},"b":[1,0.5,"é"]}'.encode()
