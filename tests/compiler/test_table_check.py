"""Tables read from disk are checked against the published table schema (`modelcfg schema --table`).

Every table the compiler writes, and every hand-built table the tests feed to commands, passes;
a table that breaks the schema is refused by each command that reads one, exit 2, naming the
first violations by JSON path.
"""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from modelcfg.compiler import compile_project
from modelcfg.compiler.table_check import check_table_file, table_violations
from modelcfg.profiles import builtin_names

from modelcfg.cli import cli
from tests.diff.tables import production, staging
from tests.interop.tables import hand_table
from tests.tables import envelope

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def compiled(env: str | None) -> dict[str, Any]:
    result = compile_project(EXAMPLES, env=env, environ={})
    assert result.ok and result.table is not None, result.diagnostics
    return result.table


@pytest.mark.parametrize("env", [None, "staging", "production"])
def test_every_example_table_passes(env: str | None) -> None:
    assert table_violations(compiled(env)) == []


@pytest.mark.parametrize("preset", builtin_names("preset"))
def test_a_project_on_each_builtin_preset_passes(tmp_path: Path, preset: str) -> None:
    text = f"extends: ['preset:{preset}']\nselection: {{default_provider: {preset}}}\n"
    if preset == "claude_vertex":
        text += "providers: {claude_vertex: {vertex: {project: my-gcp-project}}}\n"
    (tmp_path / "modelcfg.yaml").write_text(text, encoding="utf-8")
    result = compile_project(tmp_path, environ={})
    assert result.ok and result.table is not None, result.diagnostics
    assert table_violations(result.table) == []


@pytest.mark.parametrize(
    "table",
    [envelope(staging(), "staging"), envelope(production(), "production"), hand_table()],
    ids=["diff-staging", "diff-production", "interop-hand"],
)
def test_hand_built_test_tables_pass(table: dict[str, Any]) -> None:
    assert table_violations(table) == []


def broken() -> dict[str, Any]:
    """The production example with three mistakes, rehashed so only the schema can tell."""
    table = copy.deepcopy(compiled("production"))
    body = table["body"]
    provider = next(iter(body["providers"].values()))
    provider["models"]["huge"] = provider["models"][next(iter(provider["models"]))]
    provider["timeout_s"] = "slow"
    body["selection"]["default_class"] = "sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    return envelope(body, table["environment"])


def test_violations_are_named_by_json_path() -> None:
    table = broken()
    name = next(iter(table["body"]["providers"]))
    got = table_violations(table)
    assert [v.split(":")[0] for v in got] == [
        f"$.body.providers.{name}.models",
        f"$.body.providers.{name}.timeout_s",
        "$.body.selection.default_class",
    ]
    assert "'slow' is not of type 'number'" in got[1]


def test_secrets_never_reach_the_message() -> None:
    [message] = [v for v in table_violations(broken()) if "default_class" in v]
    assert "AAAAAAAAAAAAAAAAAAAA" not in message


def test_a_file_that_is_not_json_is_left_to_the_loader(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text("{not json", encoding="utf-8")
    assert check_table_file(tmp_path / "t.json") is None
    assert check_table_file(tmp_path / "missing.json") is None


@pytest.fixture
def bad_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text(json.dumps(broken(), indent=2), encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps(compiled("production"), indent=2), encoding="utf-8")
    (tmp_path / "cases.yaml").write_text("cases:\n  - {name: hi, prompt: hi}\n", encoding="utf-8")
    return tmp_path / "bad.json"


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "good.json", "bad.json"],
        ["export", "litellm", "--table", "bad.json"],
        ["cache", "stats", "--table", "bad.json"],
        ["usage", "--table", "bad.json"],
        ["bench", "cases.yaml", "--table", "bad.json"],
    ],
    ids=lambda a: a[0],
)
def test_each_command_refuses_a_table_that_breaks_the_schema(bad_table: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert (
        "bad.json: not a valid modelcfg table (checked against `modelcfg schema --table`):" in result.stderr
    )
    assert ".timeout_s: 'slow' is not of type 'number'" in result.stderr
    assert "Traceback" not in result.output


def test_the_message_lists_the_first_violations_and_counts_the_rest(tmp_path: Path) -> None:
    table = compiled("production")
    for provider in table["body"]["providers"].values():
        provider["timeout_s"] = "slow"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(envelope(table["body"], table["environment"])), encoding="utf-8")
    message = check_table_file(path)
    assert message is not None
    lines = message.splitlines()
    count = len(table["body"]["providers"])
    assert count > 3
    assert lines[0] == f"{path}: not a valid modelcfg table (checked against `modelcfg schema --table`):"
    assert [line.split(":")[0].strip() for line in lines[1:4]] == [
        f"$.body.providers.{name}.timeout_s" for name in sorted(table["body"]["providers"])[:3]
    ]
    assert lines[4:] == [f"  … and {count - 3} more", "give a table written by `modelcfg compile`"]


def _mutations(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The table with one leaf at a time given a value of the wrong type, range or shape."""
    found: list[dict[str, Any]] = []
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, i))
        else:
            paths.append(path)

    walk(table, ())
    for path in paths:
        for wrong in ("three", -1, None, [], {"x": 1}, True):
            mutated = copy.deepcopy(table)
            node = mutated
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = wrong
            found.append(mutated)
    return found


def test_the_fast_accept_path_agrees_with_jsonschema() -> None:
    """fastjsonschema accepts a table exactly when jsonschema finds no violation."""
    from modelcfg.compiler.table_check import _validator, accepted_fast

    tables = [compiled(env) for env in (None, "staging", "production")]
    tables += [m for t in tables[2:] for m in _mutations(t)]
    disagreements = [
        t for t in tables if accepted_fast(t) != (not any(True for _ in _validator().iter_errors(t)))
    ]
    assert len(tables) > 500
    assert disagreements == []


def test_a_large_table_is_checked_as_closely_as_a_small_one() -> None:
    from modelcfg.compiler.table_check import LARGE_TABLE_PROVIDERS

    table = compiled("production")
    providers = table["body"]["providers"]
    first = next(iter(providers.values()))
    for i in range(LARGE_TABLE_PROVIDERS):
        providers[f"copy{i:03d}"] = copy.deepcopy(first)
    assert table_violations(table) == []
    providers["copy007"]["endpoint"] = 42
    assert [v.split(":")[0] for v in table_violations(table)] == ["$.body.providers.copy007.endpoint"]
