"""A table whose hash is right but whose values are wrong fails at load with a TableError naming
the path, never later inside a call with a raw TypeError or ValueError."""

from __future__ import annotations

import contextlib
import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from modelcfg.runtime import ModelcfgError, Runtime, TableError, load_table
from modelcfg.runtime.table_shape import shape_problem

from tests.emulator import Emulator
from tests.runtime.tables import KEYS, envelope, four_apis


def rehashed(table: dict[str, Any], where: str | tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """The table with the value at `where` (dotted, or a tuple) in its body replaced, re-hashed."""
    path = tuple(int(k) if k.isdigit() else k for k in where.split(".")) if isinstance(where, str) else where
    body = copy.deepcopy(table["body"])
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return envelope(body)


M = "providers.openai.models.small"
WRONG = [
    ("failover.retry.attempts", "three", r'retry\.attempts: expected an integer from 1 to 20, got "three"'),
    ("failover.retry.attempts", 0, r"failover\.retry\.attempts: expected an integer from 1 to 20, got 0"),
    ("failover.retry.attempts", True, r"attempts: expected an integer .*, got true"),
    ("providers.openai.timeout_s", -5, r"openai\.timeout_s: expected a number > 0 and ≤ 3600, got -5"),
    ("providers.openai.timeout_s", float("nan"), r"providers\.openai\.timeout_s: .* got NaN"),
    (f"{M}.settings.temperature", "hot", r"small\.settings\.temperature: expected a number from 0 to 2"),
    (f"{M}.settings.stop", [1], r"settings\.stop\[0\]: expected a string, got 1"),
    ("providers.openai.models.huge", {"id": "x"}, r"models\.huge: unknown key; expected one of small, "),
    ("providers.openai.headers", {"X-Team": 7}, r"openai\.headers\.X-Team: expected a string, got 7"),
    ("providers.openai.api", "smoke", r"providers\.openai\.api: expected one of openai, anthropic"),
    ("failover.breaker.scope", "fleet", r"failover\.breaker\.scope: expected one of process, redis"),
    ("failover.retry.retry_on_status", [429, 700], r"\[1\]: expected an integer from 100 to 599, got 700"),
    ("selection.rules.0.class", "tiny", r"selection\.rules\[0\]\.class: expected one of small"),
    ("cache.embeddings", {"memory": {"ttl_s": "5m"}}, r'memory\.ttl_s: expected a number > 0, got "5m"'),
    ("failover.chains.openai/small", [{"provider": "no", "class": "small"}], r"\[0\]: no model `no/small`"),
    (f"{M}.id", None, r"models\.small\.id: expected a string, got null"),
    ("providers.openai.token_command", "sk-proj-" + "x" * 40, r"expected a list, got a string of 48 char"),
]


@pytest.mark.parametrize(("path", "value", "message"), WRONG)
def test_wrong_values_are_refused_at_load_naming_the_path(
    tmp_path: Path, emulator: Emulator, path: str, value: Any, message: str
) -> None:
    table = rehashed(four_apis(emulator), path, value)
    file = tmp_path / "modelcfg.lock.json"
    file.write_text(json.dumps(table), encoding="utf-8")
    with pytest.raises(TableError, match=message) as raised:
        load_table(file)
    assert str(raised.value).startswith(f"{file}: ")


def test_missing_essentials_are_named(emulator: Emulator) -> None:
    table = four_apis(emulator)
    del table["body"]["providers"]["gemini"]["models"]["medium"]["id"]
    with pytest.raises(TableError, match=r"providers\.gemini\.models\.medium\.id: missing"):
        Runtime.from_table(envelope(table["body"]))
    with pytest.raises(TableError, match=r"body: expected an object, got null"):
        Runtime.from_table(envelope(None))  # type: ignore[arg-type]
    with pytest.raises(TableError, match=r"sources: expected a list, got 3"):
        Runtime.from_table(four_apis(emulator) | {"sources": 3})


def test_nullable_and_optional_fields_load(emulator: Emulator) -> None:
    table = four_apis(emulator)
    model = table["body"]["providers"]["openai"]["models"]["small"]
    for key in ("max_input_tokens", "dimensions", "image", "rate_limits", "embedding"):
        model[key] = None
    del model["settings"], model["capabilities"]
    rt = Runtime.from_table(envelope(table["body"]))
    assert rt.table.entries["openai/small"].max_input_tokens is None


def test_a_null_disk_cache_path_loads(emulator: Emulator) -> None:
    # what `modelcfg compile` writes when the project names no path: the per-user cache directory
    disk = {"enabled": True, "path": None, "size_limit_mb": 64, "ttl_s": None}
    table = rehashed(four_apis(emulator), ("cache",), {"embeddings": {"disk": disk}})
    assert load_table_from(table).body["cache"]["embeddings"]["disk"]["path"] is None
    with pytest.raises(TableError, match=r"disk\.path: expected a string, got 5"):
        load_table_from(rehashed(table, ("cache", "embeddings", "disk", "path"), 5))


def load_table_from(table: dict[str, Any]) -> Any:
    return Runtime.from_table(table, embed_cache=False).table


def test_deeply_nested_json_is_a_table_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(TableError, match="nested too deeply"):
        Runtime.load(deep)
    nested: Any = "leaf"
    for _ in range(50_000):
        nested = {"x": nested}
    with pytest.raises(TableError, match="nested too deeply"):
        Runtime.from_table({"format": 1, "content_hash": "sha256:0", "body": nested})


def test_the_check_follows_the_spec_not_the_data(emulator: Emulator) -> None:
    """A deep value under a key the runtime does not read is not walked (nor a stack risk)."""
    table = four_apis(emulator)
    nested: Any = []
    for _ in range(5_000):
        nested = [nested]
    table["body"]["providers"]["openai"]["future_field"] = nested
    assert shape_problem(table["body"]) is None


LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _leaves(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))] or [path]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))] or [path]
    return [path]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), value=LEAF)
def test_any_changed_value_loads_and_works_or_is_a_table_error(
    emulator: Emulator, seed: int, value: Any
) -> None:
    """Replace one value anywhere in a valid body: either load refuses it with a TableError, or the
    runtime serves requests raising only its own errors (no TypeError/ValueError from deep inside)."""
    table = four_apis(emulator)
    path = random.Random(seed).choice(_leaves(table["body"]))
    try:
        rt = Runtime.from_table(rehashed(table, path, value), environ=KEYS, sleep=lambda s: None)
    except TableError:
        return
    with rt:
        for call in (
            lambda: rt.generate_text("hi"),
            lambda: rt.generate_text("hi", provider="anthropic", speed="fast"),
            lambda: rt.embed_uncached(["a", "b"]),
            lambda: rt.generate_image("a cat"),
        ):
            with contextlib.suppress(ModelcfgError):
                call()
