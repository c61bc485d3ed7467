"""The example project: editor hints that resolve, files the schema accepts, environments that validate."""

import re
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from modelcfg.schema import Document, document_schema

from tests.schema.layers import load, merged_tree

EXAMPLES = Path(__file__).parents[2] / "examples"
FILES = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".toml"))
HINT = {
    ".yaml": re.compile(r"^# yaml-language-server: \$schema=(\S+)$"),
    ".toml": re.compile(r"^#:schema (\S+)$"),
}


def test_example_project_layout() -> None:
    names = {p.relative_to(EXAMPLES).as_posix() for p in FILES}
    assert {"modelcfg.yaml", "envs/staging.yaml", "envs/production.toml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_has_an_editor_hint_that_resolves(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = HINT[path.suffix].match(first)
    assert match, f"{path.name}: first line must be the editor hint, got {first!r}"
    target = (path.parent / match[1]).resolve()
    assert target == (EXAMPLES.parent / "schema" / "modelcfg.schema.json").resolve()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_passes_the_editor_schema(path: Path) -> None:
    assert list(Draft7Validator(document_schema()).iter_errors(load(path))) == []


@pytest.mark.parametrize("env", [None, "staging", "production"])
def test_each_environment_validates(env: str | None) -> None:
    root = EXAMPLES / "modelcfg.yaml"
    overlays = [EXAMPLES / p for p in load(root)["environments"][env]] if env else []
    document = Document.model_validate(merged_tree(root, overlays))
    assert {"openai", "anthropic", "groq", "llamalocal"} <= set(document.providers)
    assert {"creative", "balanced", "precise"} <= set(document.profiles)
    assert document.selection.rules and document.selection.tasks
    chained = {entry.split("/")[0] for chain in document.failover.chains.values() for entry in chain}
    assert chained - {"openai"}, "a failover chain crosses providers"
    if env == "production":
        assert document.cache.embeddings.redis.enabled
        assert document.providers["openai"].rate_limits is not None
        assert document.providers["openai"].rate_limits.scope == "redis"


@pytest.mark.parametrize("env", [None, "staging", "production"])
def test_the_example_lints_clean(env: str | None) -> None:
    from click.testing import CliRunner

    from modelcfg.cli import cli

    args = ["lint", str(EXAMPLES), "--no-cache", "--format", "concise"] + (["--env", env] if env else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
