"""A provider-wide edit, copied into every class by the compiler, is shown once with `*`."""

import copy
from typing import Any

from modelcfg.compiler.diff import Side, as_json, diff_sides

from tests.diff.tables import model as model_entry
from tests.diff.tables import staging


def openai_models(body: dict[str, Any]) -> dict[str, Any]:
    models: dict[str, Any] = body["providers"]["openai"]["models"]
    return models


def shown(old: dict[str, Any], new: dict[str, Any], **filters: Any) -> list[str]:
    return [e.path for e in diff_sides(Side("a", old), Side("b", new), **filters).entries]


def test_same_change_in_every_class_is_one_line() -> None:
    old = staging()
    new = copy.deepcopy(old)
    for model in openai_models(new).values():
        model["rate_limits"] = {"rpm": 500}
        model["max_output_tokens"] = 8192
    assert shown(old, new) == [
        "providers.openai.*.max_output_tokens",
        "providers.openai.*.rate_limits",
    ]
    document = as_json(diff_sides(Side("a", old), Side("b", new)))
    first = document["changes"][0]
    assert (first["key"], first["group"], first["class"]) == (
        ["providers", "openai", "models", "*", "max_output_tokens"],
        "openai",
        None,
    )


def test_a_change_in_only_some_classes_stays_per_class() -> None:
    old = staging()
    new = copy.deepcopy(old)
    openai_models(new)["large"]["max_output_tokens"] = 8192
    openai_models(new)["small"]["max_output_tokens"] = 4096  # different value: not the same change
    assert shown(old, new) == [
        "providers.openai.small.max_output_tokens",
        "providers.openai.large.max_output_tokens",
    ]


def test_filters_apply_before_folding() -> None:
    old = staging()
    new = copy.deepcopy(old)
    for model in openai_models(new).values():
        model["max_output_tokens"] = 8192
    assert shown(old, new, only=("providers.openai.large",)) == ["providers.openai.large.max_output_tokens"]


def test_a_change_in_every_class_it_can_reach_is_one_line() -> None:
    """A sampling setting reaches the chat classes, not the embedding model: still one edit."""
    old = staging()
    embedding = model_entry("text-embedding-3-small", settings={}, dimensions=1536, capabilities=[])
    openai_models(old)["embedding"] = embedding
    openai_models(old)["small"]["settings"]["temperature"] = 0.6
    new = copy.deepcopy(old)
    for name in ("small", "large"):
        openai_models(new)[name]["settings"]["temperature"] = 0.5
    assert shown(old, new) == ["providers.openai.*.settings.temperature"]


def test_a_class_that_holds_the_key_unchanged_keeps_the_lines_apart() -> None:
    old = staging()
    openai_models(old)["medium"] = model_entry("gpt-4.1")
    openai_models(old)["small"]["settings"]["temperature"] = 0.6
    new = copy.deepcopy(old)
    for name in ("small", "large"):
        openai_models(new)[name]["settings"]["temperature"] = 0.5
    assert shown(old, new) == [
        "providers.openai.small.settings.temperature",
        "providers.openai.large.settings.temperature",
    ]
