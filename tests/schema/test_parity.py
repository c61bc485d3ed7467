"""The editor schema and the pydantic models agree on what a config may say."""

from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from modelcfg.profiles import builtin_names, builtin_path
from modelcfg.schema import Document, document_schema
from pydantic import ValidationError
from ruamel.yaml import YAML

FIXTURES = Path(__file__).parent / "fixtures"
VALIDATOR = Draft7Validator(document_schema())


def _load(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}


def _fixtures(kind: str) -> list[Path]:
    return sorted((FIXTURES / kind).glob("*.yaml"))


def _builtins() -> list[Path]:
    return [builtin_path("preset", n) for n in builtin_names("preset")] + [
        builtin_path("profile", n) for n in builtin_names("profile")
    ]


def test_emitted_schema_is_valid_draft7() -> None:
    Draft7Validator.check_schema(document_schema())
    assert document_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize("path", _fixtures("valid") + _builtins(), ids=lambda p: p.stem)
def test_valid_fixture_passes_both(path: Path) -> None:
    data = _load(path)
    Document.model_validate(data)
    assert list(VALIDATOR.iter_errors(data)) == []


@pytest.mark.parametrize("path", _fixtures("invalid"), ids=lambda p: p.stem)
def test_invalid_structural_fixture_fails_both(path: Path) -> None:
    data = _load(path)
    with pytest.raises(ValidationError):
        Document.model_validate(data)
    assert list(VALIDATOR.iter_errors(data)) != []


@pytest.mark.parametrize("path", _fixtures("semantic"), ids=lambda p: p.stem)
def test_semantic_fixture_is_left_to_pydantic(path: Path) -> None:
    """Checks the schema cannot express (URLs, secrets, merged-document requirements).

    When the editor schema learns one of these, move the fixture to invalid/.
    """
    data = _load(path)
    with pytest.raises(ValidationError):
        Document.model_validate(data)
    assert list(VALIDATOR.iter_errors(data)) == []


def test_there_are_enough_fixtures() -> None:
    assert len(_fixtures("valid")) >= 3
    assert len(_fixtures("invalid")) >= 20
