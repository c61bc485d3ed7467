"""Merge semantics and their laws (hypothesis)."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from modelcfg.compiler import compile_project
from modelcfg.compiler.layers import Layer
from modelcfg.compiler.merge import fold, merge_trees
from modelcfg.compiler.source import Source

from .conftest import BASE, WriteProject

scalars = st.one_of(st.integers(-5, 5), st.booleans(), st.text("xyz", max_size=2), st.none())


def shaped(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    """Trees where a key always holds the same kind (m*: mapping, s*: scalar, l*: list), as in a
    schema-shaped config; with mixed kinds at one path, replace-vs-merge is order dependent."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "s1": scalars,
        "s2": scalars,
        "l1": st.lists(scalars, max_size=3),
    }
    if depth > 0:
        fields |= {"m1": shaped(depth - 1), "m2": shaped(depth - 1)}
    return st.fixed_dictionaries({}, optional=fields)


maps = shaped(3)
keys = st.sampled_from(["s1", "s2", "l1", "m1", "m2"])


def merge(*layers: dict[str, Any]) -> dict[str, Any]:
    return fold([Layer(f"l{i}", Source(f"l{i}.yaml", "", t)) for i, t in enumerate(layers)]).tree


@given(maps)
def test_merging_a_layer_onto_itself_changes_nothing(a: dict[str, Any]) -> None:
    assert merge(a, a) == merge(a)


@given(maps, maps, maps)
def test_merge_is_associative(a: dict[str, Any], b: dict[str, Any], c: dict[str, Any]) -> None:
    assert merge_trees(merge_trees(a, b), c) == merge_trees(a, merge_trees(b, c))


@given(maps, maps)
def test_result_is_independent_of_key_order(a: dict[str, Any], b: dict[str, Any]) -> None:
    def reverse(t: Any) -> Any:
        return {k: reverse(t[k]) for k in reversed(list(t))} if isinstance(t, dict) else t

    assert merge(a, b) == merge(reverse(a), reverse(b))


@given(maps, keys)
def test_delete_then_re_add_restores(a: dict[str, Any], key: str) -> None:
    if key not in a:
        return
    deleted = merge(a, {"$delete": [key]})
    assert key not in deleted
    assert merge(a, {"$delete": [key]}, {key: a[key]}) == merge(a)


def test_layers_are_not_mutated() -> None:
    base = {"a": {"b": 1, "l": [1]}}
    merge(base, {"a": {"b": 2, "l": {"$append": [2]}}})
    assert base == {"a": {"b": 1, "l": [1]}}


def test_directives() -> None:
    base = {"p": {"headers": {"X": "1", "Y": "2"}, "stop": ["a"], "keep": 1}}
    assert merge(base, {"p": {"headers": {"$replace": True, "Z": "3"}}})["p"]["headers"] == {"Z": "3"}
    assert merge(base, {"p": {"$delete": ["headers"]}})["p"] == {"stop": ["a"], "keep": 1}
    assert merge(base, {"p": {"stop": {"$append": ["b"], "$prepend": ["z"]}}})["p"]["stop"] == ["z", "a", "b"]
    assert merge(base, {"p": {"stop": ["c"]}})["p"]["stop"] == ["c"]


def test_directives_are_the_same_in_toml(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": BASE + "environments: {t: [t.toml]}\n",
            "t.toml": '[providers.openai]\n"$delete" = ["settings"]\n'
            + '[providers.openai.headers]\nX-Title = "a"\n',
        }
    )
    result = compile_project(root, env="t", environ={})
    assert result.ok, result.diagnostics
    assert "settings" not in result.tree["providers"]["openai"]
    assert ("providers", "openai", "settings", "temperature") not in result.origins


def test_bad_directives_point_at_the_layer(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": BASE + "environments: {e: [e.yaml]}\n",
            "e.yaml": "providers:\n  openai:\n    $delete: [setings]\n    $apend: 1\n",
        }
    )
    result = compile_project(root, env="e", environ={})
    got = [(str(d.span), d.code, d.message, d.hint) for d in result.diagnostics]
    assert got == [
        (
            "e.yaml:3:5",
            "MC106",
            "`$delete` names `setings`, which no lower layer sets here",
            "did you mean `settings`?",
        ),
        ("e.yaml:4:5", "MC106", "unknown directive `$apend`", "did you mean `$append`?"),
    ]
