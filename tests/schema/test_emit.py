"""The committed editor schema and what `modelcfg schema` emits."""

import json
from pathlib import Path

from click.testing import CliRunner
from modelcfg.schema import document_schema

from modelcfg.cli import cli
from modelcfg.cli.schema_cmd import schema_text

COMMITTED = Path(__file__).parents[2] / "schema" / "modelcfg.schema.json"


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schema/modelcfg.schema.json is stale: run `modelcfg schema -o schema/modelcfg.schema.json`"
    )


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == document_schema()


def test_schema_command_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = CliRunner().invoke(cli, ["schema", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == schema_text()


def test_schema_command_unwritable_target_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    result = CliRunner().invoke(cli, ["schema", "-o", str(tmp_path / "a-file" / "s.json")])
    assert result.exit_code == 2
    assert "cannot write" in result.output
    assert "Traceback" not in result.output


def test_schema_command_creates_a_missing_parent(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "s.json"
    assert CliRunner().invoke(cli, ["schema", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == schema_text()


def test_draft07_shape() -> None:
    schema = document_schema()
    text = json.dumps(schema)
    assert "$defs" not in text and "#/definitions/" in text
    assert '"required"' not in text  # every file is a layer; the compiler checks merged requirements

    def refs_with_siblings(node: object) -> int:
        if isinstance(node, dict):
            own = int("$ref" in node and len(node) > 1)
            return own + sum(refs_with_siblings(v) for v in node.values())
        if isinstance(node, list):
            return sum(refs_with_siblings(v) for v in node)
        return 0

    assert refs_with_siblings(schema) == 0


def test_hover_text_survives() -> None:
    provider = document_schema()["definitions"]["Provider"]["properties"]
    assert provider["api"]["description"] == "Wire protocol the endpoint speaks."
    assert provider["api"]["default"] == "openai"
    assert provider["timeout_s"]["title"] == "Timeout (seconds)"
    assert provider["endpoint"]["examples"] == ["https://api.openai.com/v1"]
    classes = document_schema()["definitions"]["ModelClass"]["enum"]
    assert classes == ["small", "medium", "large", "embedding", "image"]
