"""The walk: exact numbers without float noise, sets, ordered chains, added and removed subtrees."""

from typing import Any

import pytest
from modelcfg.compiler.diff import Change, Side, compare, diff_sides, render_text, same_number

from tests.diff.tables import chain, model, production, staging


def one(old: Any, new: Any, path: tuple[str, ...]) -> list[Change]:
    """compare() over two bodies that differ only at ``path``."""

    def build(value: Any) -> dict[str, Any]:
        tree: Any = value
        for key in reversed(path):
            tree = {key: tree}
        return dict(tree)

    return compare(build(old), build(new))


@pytest.mark.parametrize(
    ("a", "b"),
    [(0.1 + 0.2, 0.3), (0.3, 0.1 + 0.2), (sum([0.1] * 10), 1.0), (1, 1.0), (128000, 128000.0)],
)
def test_float_noise_and_int_float_equality_are_not_changes(a: float, b: float) -> None:
    assert same_number(a, b)
    assert one(a, b, ("profiles", "precise", "temperature")) == []


@pytest.mark.parametrize(
    ("a", "b"), [(0.3, 0.31), (0.3, 0.30000000001), (10**18, 10**18 + 1), (1, 2), (0.0, 1e-9)]
)
def test_real_number_changes_are_exact(a: float, b: float) -> None:
    assert not same_number(a, b)
    [change] = one(a, b, ("profiles", "precise", "temperature"))
    assert (change.op, change.kind, change.old, change.new) == ("changed", "value", a, b)


def test_bool_and_int_are_different_values() -> None:
    # Only where the walk compares them directly: unchanged-looking subtrees are skipped with
    # `==`, which equates True and 1; a validated table never holds both at one path.
    [change] = one(True, 1, ("enabled",))
    assert (change.old, change.new) == (True, 1)


def test_stop_sequences_are_a_set() -> None:
    path = ("providers", "openai", "models", "small", "settings", "stop")
    assert one(["END", "<|eot|>"], ["<|eot|>", "END", "END"], path) == []
    [change] = one(["END", "<|eot|>"], ["<|eot|>", "###"], path)
    assert change.kind == "set"
    assert change.entries == (("-", "END"), ("+", "###"))


def test_status_lists_and_capabilities_are_sets() -> None:
    assert one([408, 429, 500], [500, 429, 408], ("failover", "retry", "retry_on_status")) == []
    path = ("providers", "p", "models", "large", "capabilities")
    assert one(["vision", "function_calling"], ["function_calling", "vision"], path) == []


def test_failover_chain_insert_and_remove_keep_order() -> None:
    path = ("failover", "chains", "openai/large")
    old = chain("openai/large", "anthropic/large", "groq/large")
    new = chain("openai/large", "mistral/large", "groq/large")
    [change] = one(old, new, path)
    assert change.kind == "sequence"
    assert [(op, f"{e['provider']}/{e['class']}") for op, e in change.entries] == [
        (" ", "openai/large"),
        ("-", "anthropic/large"),
        ("+", "mistral/large"),
        (" ", "groq/large"),
    ]


def test_reordered_chain_is_a_change() -> None:
    path = ("failover", "chains", "openai/large")
    [change] = one(chain("a/large", "b/large"), chain("b/large", "a/large"), path)
    assert sorted(op for op, _ in change.entries) == [" ", "+", "-"]


def test_selection_rules_are_ordered_and_ignore_float_noise() -> None:
    rule = {"when": {"min_context": 1000}, "class": "large", "score": 0.3}
    noisy = {**rule, "score": 0.1 + 0.2}
    assert one([rule], [noisy], ("selection", "rules")) == []
    [change] = one([rule], [rule, {"when": {}, "class": "small"}], ("selection", "rules"))
    assert [op for op, _ in change.entries] == [" ", "+"]


def test_other_lists_are_ordered_values() -> None:
    path = ("providers", "vertex", "token_command")
    [change] = one(["gcloud", "auth"], ["auth", "gcloud"], path)
    assert (change.kind, change.old, change.new) == ("value", ["gcloud", "auth"], ["auth", "gcloud"])


def test_added_and_removed_subtrees_are_one_change_each() -> None:
    by_path = {c.path: c for c in compare(staging(), production())}
    groq = by_path[("providers", "groq")]
    assert groq.op == "added" and groq.new["models"]["large"]["id"] == "llama-3.3-70b-versatile"
    embedding = by_path[("providers", "openai", "models", "embedding")]
    assert embedding.op == "added" and embedding.new["dimensions"] == 1536
    assert not any(len(p) > 2 and p[:2] == ("providers", "groq") for p in by_path)
    removed = {c.path: c.op for c in compare(production(), staging())}
    assert removed[("providers", "groq")] == "removed"
    assert removed[("providers", "openai", "models", "embedding")] == "removed"


def test_a_removed_mapping_is_listed_leaf_by_leaf_so_nothing_is_cut_off() -> None:
    """A removed profile used to be one JSON line, cut at 80 characters in the text view."""
    old, new = staging(), staging()
    old["profiles"]["support"] = {"temperature": 0.4, "frequency_penalty": 0.1, "presence_penalty": 0.1,
                                  "stop": ["<|end_of_turn|>", "Observation:"], "seed": 1234567}
    changes = compare(old, new)
    assert [(c.op, c.path[-1], c.old) for c in changes] == [
        ("removed", "temperature", 0.4),
        ("removed", "frequency_penalty", 0.1),
        ("removed", "presence_penalty", 0.1),
        ("removed", "stop", ["<|end_of_turn|>", "Observation:"]),
        ("removed", "seed", 1234567),
    ]
    text = render_text(diff_sides(Side("old", old), Side("new", new)))
    assert "- profiles.support.seed:" in text and "1234567" in text and "…" not in text
    assert [(c.op, c.path) for c in compare(new, old)][-1] == ("added", ("profiles", "support", "seed"))


def test_identical_bodies_have_no_changes() -> None:
    assert compare(staging(), staging()) == []
    paths = {c.path for c in compare(staging(), production())}
    assert ("failover", "retry", "retry_on_status") not in paths  # reordered set
    assert ("profiles", "precise", "temperature") in paths  # 0.2 -> 0.30000000000000004: a real change


def test_model_entry_changes_are_leaf_paths() -> None:
    old = {"providers": {"p": {"models": {"large": model("a")}}}}
    new = {"providers": {"p": {"models": {"large": model("b", max_output_tokens=8192)}}}}
    assert [(c.path[-1], c.old, c.new) for c in compare(old, new)] == [
        ("id", "a", "b"),
        ("max_output_tokens", 16384, 8192),
    ]
