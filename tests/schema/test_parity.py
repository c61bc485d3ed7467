"""The editor schema and the pydantic models agree on what a config may say."""

import json
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, ValidationError
from jsonschema.exceptions import best_match
from modelcfg.compiler import Compilation, compile_project
from modelcfg.compiler.merge import DIRECTIVES
from modelcfg.profiles import builtin_names, builtin_path
from modelcfg.schema import Document, document_schema
from pydantic import ValidationError as PydanticError
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
    with pytest.raises(PydanticError):
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
    with pytest.raises(PydanticError):
        Document.model_validate(data)
    want = expected(path)
    assert want.schema is None, f"{path}: a semantic/ fixture is one the schema accepts"
    assert schema_error(data) is None
    assert compiler_error(path, tmp_path) == want.compiler


def test_there_are_enough_fixtures() -> None:
    assert len(_fixtures("valid")) >= 3
    assert len(_fixtures("invalid")) >= 20


# --- merge directives: the schema accepts them exactly where the compiler's merge does ---------

DIRECTIVE_ROOT = """\
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    models: {small: gpt-4.1-mini, large: gpt-4.1}
    headers: {X-Title: my-agent, X-Debug: "1"}
    settings: {temperature: 0.6, stop: ["<|eot_id|>"], seed: 7}
allow_env: [LLM_GATEWAY_HOST]
failover: {retry: {retry_on_status: [429]}}
environments: {production: [envs/production.yaml], toml: [envs/production.toml]}
"""

README_OVERLAY_YAML = """\
providers:
  openai:
    headers: {$replace: true, X-Title: my-agent-prod}   # inherited headers are dropped
    settings:
      $delete: [seed]
      temperature: 0.3                                  # replaces the inherited value
      stop: {$append: ["</s>"]}                         # inherited stops + "</s>"
"""

README_OVERLAY_TOML = """\
[providers.openai.headers]
"$replace" = true
X-Title = "my-agent-prod"

[providers.openai.settings]
"$delete" = ["seed"]
temperature = 0.3
stop = { "$append" = ["</s>"] }
"""

VALID_DIRECTIVES = {
    "readme_yaml": README_OVERLAY_YAML,
    "prepend_and_append": "providers: {openai: {settings: {stop: {$prepend: [a], $append: [b]}}}}\n",
    "top_level_list": "allow_env: {$prepend: [H]}\nfailover: {retry: {retry_on_status: {$append: [503]}}}\n",
    "delete_one_key": "providers: {openai: {settings: {$delete: seed}}}\n",
    "replace_models": "providers: {openai: {models: {$replace: true, small: gpt-4.1-nano}}}\n",
    "delete_at_root": "$delete: [allow_env]\n",
    "replace_false": "providers: {openai: {$replace: false, timeout_s: 30}}\n",
}


def _compile_overlay(project: Path, overlay: str, name: str = "envs/production.yaml") -> Compilation:
    (project / "envs").mkdir(parents=True, exist_ok=True)
    (project / "modelcfg.yaml").write_text(DIRECTIVE_ROOT, encoding="utf-8")
    (project / name).write_text(overlay, encoding="utf-8")
    env = "toml" if name.endswith(".toml") else "production"
    return compile_project(project, env=env, environ={}, table=False)


def _schema_errors(overlay: str, name: str = "x.yaml") -> list[ValidationError]:
    data = tomllib.loads(overlay) if name.endswith(".toml") else YAML(typ="safe").load(overlay)
    return list(VALIDATOR.iter_errors(data))


@pytest.mark.parametrize("case", sorted(VALID_DIRECTIVES))
def test_directive_accepted_by_schema_and_compiler(case: str, tmp_path: Path) -> None:
    overlay = VALID_DIRECTIVES[case]
    assert _schema_errors(overlay) == []
    result = _compile_overlay(tmp_path, overlay)
    assert result.ok, [f"{d.span}: {d.message}" for d in result.diagnostics]


def test_readme_toml_overlay_accepted_by_schema_and_compiler(tmp_path: Path) -> None:
    assert _schema_errors(README_OVERLAY_TOML, "x.toml") == []
    result = _compile_overlay(tmp_path, README_OVERLAY_TOML, "envs/production.toml")
    assert result.ok, [f"{d.span}: {d.message}" for d in result.diagnostics]
    assert result.tree["providers"]["openai"]["settings"]["stop"] == ["<|eot_id|>", "</s>"]
    assert result.tree["providers"]["openai"]["headers"] == {"X-Title": "my-agent-prod"}
    assert "seed" not in result.tree["providers"]["openai"]["settings"]


#: overlay → (compiler's code, its message, where) and (the schema's error path, its message).
INVALID_DIRECTIVES = {
    "replace_not_bool": (
        "providers: {openai: {settings: {$replace: 'yes'}}}\n",
        ("MC106", "`$replace` must be true or false", 1),
        ("providers/openai/settings/$replace", "'yes' is not of type 'boolean'"),
    ),
    "delete_not_keys": (
        "providers: {openai: {settings: {$delete: 3}}}\n",
        ("MC106", "`$delete` takes a list of keys, like `$delete: [headers]`", 1),
        ("providers/openai/settings/$delete", "3 is not valid under any of the given schemas"),
    ),
    "append_not_a_list": (
        "providers: {openai: {settings: {stop: {$append: '</s>'}}}}\n",
        ("MC106", "`$append` and `$prepend` take a list, like `$append: [a, b]`", 1),
        ("providers/openai/settings/stop", "is not valid under any of the given schemas"),
    ),
    "misspelt_directive": (
        "providers: {openai: {settings: {$apend: [x]}}}\n",
        ("MC106", "unknown directive `$apend`", 1),
        ("providers/openai/settings", "('$apend' was unexpected)"),
    ),
    "append_beside_other_keys": (
        "providers: {openai: {settings: {stop: {$append: [x], $replace: true}}}}\n",
        ("MC106", "unknown directive `$append`", 1),
        ("providers/openai/settings/stop", "is not valid under any of the given schemas"),
    ),
    "append_to_a_mapping": (
        "providers: {openai: {headers: {$append: [x]}}}\n",
        ("MC106", "`$append`/`$prepend` need a list below, but `providers.openai.headers` is not a list", 1),
        ("providers/openai/headers/$append", "['x'] is not of type 'string'"),
    ),
    "append_as_a_list_item": (
        "allow_env: [{$append: [X]}]\n",
        ("MC106", "unknown directive `$append`", 1),
        ("allow_env", "is not valid under any of the given schemas"),
    ),
    "append_wrong_items": (
        "providers: {openai: {settings: {stop: {$append: [1]}}}}\n",
        ("MC102", "stop must be a string (got 1)", 1),
        ("providers/openai/settings/stop", "is not valid under any of the given schemas"),
    ),
    "append_to_extends": (
        "extends: {$append: ['preset:openai']}\n",
        ("MC102", "extends must be a list of paths or built-ins", 1),
        ("extends", "{'$append': ['preset:openai']} is not of type 'array'"),
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID_DIRECTIVES))
def test_directive_refused_by_schema_and_compiler(case: str, tmp_path: Path) -> None:
    overlay, (code, message, line), (where, schema_message) = INVALID_DIRECTIVES[case]
    errors = _schema_errors(overlay)
    assert len(errors) == 1
    assert "/".join(map(str, errors[0].absolute_path)) == where
    assert schema_message in errors[0].message
    result = _compile_overlay(tmp_path, overlay)
    found = [(d.code, d.span.file, d.span.line) for d in result.diagnostics if message in d.message]
    assert (code, "envs/production.yaml", line) in found, [d.message for d in result.diagnostics]


def test_environment_file_list_takes_no_directive(tmp_path: Path) -> None:
    root = DIRECTIVE_ROOT.replace("[envs/production.yaml]", "{$append: [envs/production.yaml]}")
    errors = _schema_errors(root)
    assert ["/".join(map(str, e.absolute_path)) for e in errors] == ["environments/production"]
    (tmp_path / "modelcfg.yaml").write_text(root, encoding="utf-8")
    result = compile_project(tmp_path, env="production", environ={}, table=False)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("MC102", "environments.production must be a list of files")
    ]


def test_schema_names_the_compilers_directives_with_hover_text() -> None:
    text = json.dumps(document_schema())
    for directive in DIRECTIVES:
        assert f'"{directive}"' in text
    settings = document_schema()["definitions"]["Settings"]["properties"]
    assert "replaces the one lower layers set" in settings["$replace"]["description"]
    assert settings["stop"]["anyOf"][-1]["properties"]["$append"]["description"]
