"""The editor schema and the pydantic models agree on what a config may say."""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match
from modelcfg.compiler import compile_project
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


@dataclass(frozen=True)
class Expected:
    """What a fixture's header says each side reports: `# schema: $.json.path validator` (or
    `# schema: accepts`) and `# compiler: MCxxx line:col`."""

    schema: tuple[str, str] | None
    compiler: tuple[str, int, int]


_SCHEMA_RE = re.compile(r"^# schema: (?:accepts|(\$\S*) (\w+))$", re.M)
_COMPILER_RE = re.compile(r"^# compiler: (MC\d{3}) (\d+):(\d+)$", re.M)


def expected(path: Path) -> Expected:
    text = path.read_text(encoding="utf-8")
    schema, compiler = _SCHEMA_RE.search(text), _COMPILER_RE.search(text)
    assert schema and compiler, f"{path} must name its errors: `# schema: …` and `# compiler: …`"
    where = (schema.group(1), schema.group(2)) if schema.group(1) else None
    return Expected(where, (compiler.group(1), int(compiler.group(2)), int(compiler.group(3))))


def schema_error(data: object) -> tuple[str, str] | None:
    """The error an editor shows first (jsonschema's best match): its JSON path and validator."""
    error = best_match(VALIDATOR.iter_errors(data))
    return None if error is None else (error.json_path, str(error.validator))


def compiler_error(path: Path, tmp_path: Path) -> tuple[str, int, int]:
    """The compiler's first diagnostic for the fixture as a project's modelcfg.yaml."""
    shutil.copyfile(path, tmp_path / "modelcfg.yaml")
    result = compile_project(tmp_path, environ={})
    assert not result.ok
    first = result.diagnostics[0]
    return first.code, first.span.line, first.span.column


@pytest.mark.parametrize("path", _fixtures("invalid"), ids=lambda p: p.stem)
def test_invalid_structural_fixture_fails_both_with_the_named_error(path: Path, tmp_path: Path) -> None:
    data = _load(path)
    with pytest.raises(ValidationError):
        Document.model_validate(data)
    want = expected(path)
    assert want.schema is not None, f"{path}: an invalid/ fixture is one the schema refuses"
    assert schema_error(data) == want.schema
    assert compiler_error(path, tmp_path) == want.compiler


@pytest.mark.parametrize("path", _fixtures("semantic"), ids=lambda p: p.stem)
def test_semantic_fixture_is_left_to_the_compiler(path: Path, tmp_path: Path) -> None:
    """Checks the schema cannot express (URLs, secrets, merged-document requirements).

    When the editor schema learns one of these, move the fixture to invalid/.
    """
    data = _load(path)
    with pytest.raises(ValidationError):
        Document.model_validate(data)
    want = expected(path)
    assert want.schema is None, f"{path}: a semantic/ fixture is one the schema accepts"
    assert schema_error(data) is None
    assert compiler_error(path, tmp_path) == want.compiler


def test_there_are_enough_fixtures() -> None:
    assert len(_fixtures("valid")) >= 3
    assert len(_fixtures("invalid")) >= 20
