"""Merge semantics and the laws that hold for them (hypothesis).

The laws, as stated in README "Layers and merge semantics" and docs/compiler.md:
1. layers fold left: each layer is merged onto the result of the layers below it;
2. without directives, merging is associative (overlays may be combined first);
3. merging a layer onto itself changes no value, `$replace`/`$delete` included
   (`$append`/`$prepend` extend again, so they are left out of this law);
4. the merged values do not depend on key order, directives included; without
   directives, merged keys keep the order in which the lowest layer that set them wrote them;
5. deleting a key and re-adding its value restores the value (the key moves last).

Trees are schema-shaped (a key always holds the same kind: m* mapping, s* scalar,
l* list), as in a config; with mixed kinds at one path, replace-vs-merge is order dependent.
Values are compared as JSON text, so key order and `1` vs `True` count.
"""

import json
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from modelcfg.compiler import compile_project
from modelcfg.compiler.layers import Layer
from modelcfg.compiler.merge import fold, merge_trees
from modelcfg.compiler.source import Source

from .conftest import BASE, WriteProject

scalars = st.one_of(st.integers(-5, 5), st.booleans(), st.text("xyz", max_size=2), st.none())
FIELDS = ["s1", "s2", "l1", "m1", "m2"]
plain_lists = st.lists(scalars, max_size=3)
list_directives = st.fixed_dictionaries(
    {}, optional={"$append": plain_lists, "$prepend": plain_lists}
).filter(bool)


def shaped(depth: int, *, maps: bool = False, lists: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Schema-shaped trees; ``maps`` adds `$replace`/`$delete`, ``lists`` adds `$append`/`$prepend`."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "s1": scalars,
        "s2": scalars,
        "l1": st.one_of(plain_lists, list_directives) if lists else plain_lists,
    }
    if depth > 0:
        child = shaped(depth - 1, maps=maps, lists=lists)
        fields |= {"m1": child, "m2": child}
    if maps:
        fields |= {"$replace": st.booleans(), "$delete": st.lists(st.sampled_from(FIELDS), max_size=2)}
    return st.fixed_dictionaries({}, optional=fields)


plain = shaped(3)
with_map_directives = shaped(3, maps=True)
with_directives = shaped(3, maps=True, lists=True)


def merge(*layers: dict[str, Any]) -> dict[str, Any]:
    return fold([Layer(f"l{i}", Source(f"l{i}.yaml", "", t)) for i, t in enumerate(layers)]).tree


def exact(tree: Any) -> str:
    """The tree as JSON text: equal only if values, types and key order are equal."""
    return json.dumps(tree)


def content(tree: Any) -> str:
    """The tree as key-sorted JSON text: equal if values and types are equal, whatever the order."""
    return json.dumps(tree, sort_keys=True)


def reverse(tree: Any) -> Any:
    return {k: reverse(tree[k]) for k in reversed(list(tree))} if isinstance(tree, dict) else tree


@given(with_directives, with_directives, with_directives)
def test_layers_fold_left(a: dict[str, Any], b: dict[str, Any], c: dict[str, Any]) -> None:
    assert exact(merge(a, b, c)) == exact(merge_trees(merge_trees(merge_trees({}, a), b), c))


@given(plain, plain, plain)
def test_merge_without_directives_is_associative(
    a: dict[str, Any], b: dict[str, Any], c: dict[str, Any]
) -> None:
    assert exact(merge_trees(merge_trees(a, b), c)) == exact(merge_trees(a, merge_trees(b, c)))


def test_merge_with_list_directives_is_not_associative() -> None:
    """Combining two `$append` overlays first loses the base list: the law is left out on purpose."""
    a, b, c = {"l1": [1]}, {"l1": {"$append": [2]}}, {"l1": {"$append": [3]}}
    assert merge_trees(merge_trees(a, b), c) == {"l1": [1, 2, 3]}
    assert merge_trees(a, merge_trees(b, c)) == {"l1": [3]}


def test_merge_with_replace_is_not_associative() -> None:
    a, b, c = {"m1": {"s1": 1}}, {"m1": {"$replace": True, "s2": 2}}, {"m1": {"$replace": True, "s2": 3}}
    assert merge_trees(merge_trees(a, b), c) == {"m1": {"s2": 3}}
    assert merge_trees(a, merge_trees(b, c)) == {"m1": {"s1": 1, "s2": 3}}


@given(with_map_directives)
def test_merging_a_layer_onto_itself_changes_nothing(a: dict[str, Any]) -> None:
    assert content(merge(a, a)) == content(merge(a))


def test_a_list_directive_onto_itself_extends_again() -> None:
    a = {"l1": {"$append": [1]}}
    assert merge(a, a) == {"l1": [1, 1]}


@given(with_directives, with_directives)
def test_merged_values_do_not_depend_on_key_order(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert content(merge(a, b)) == content(merge(reverse(a), reverse(b)))


def first_written_order(*layers: Any) -> Any:
    """Expected key order: each key where the lowest layer that set it wrote it."""
    maps = [t for t in layers if isinstance(t, dict)]
    if not maps or len(maps) < len(layers):
        return layers[-1]
    keys = list(dict.fromkeys(k for t in maps for k in t))
    return {k: first_written_order(*[t[k] for t in maps if k in t]) for k in keys}


@given(plain, plain)
def test_merged_keys_keep_the_order_they_were_first_written(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert exact(merge(a, b)) == exact(first_written_order(a, b))
    assert exact(merge(a)) == exact(a)


@given(with_directives, st.data())
def test_delete_then_re_add_restores(a: dict[str, Any], data: st.DataObject) -> None:
    present = sorted(k for k in merge(a) if k in a)
    assume(present)
    key = data.draw(st.sampled_from(present))
    deleted = merge(a, {"$delete": [key]})
    assert key not in deleted
    restored = merge(a, {"$delete": [key]}, {key: a[key]})
    assert content(restored) == content(merge(a))
    assert list(restored)[-1] == key


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
