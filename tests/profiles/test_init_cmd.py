"""`modelcfg init`: a project on presets, with editor hints, never overwriting."""

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from jsonschema import Draft7Validator
from modelcfg.schema import Document, document_schema
from ruamel.yaml import YAML

from modelcfg.cli import cli
from modelcfg.cli.schema_cmd import schema_text
from tests.schema.layers import merged_tree


def _merged(root_file: Path) -> Document:
    return Document.model_validate(merged_tree(root_file))


def test_init_scaffolds_a_valid_project(tmp_path: Path) -> None:
    target = tmp_path / "agent"
    args = [
        "init",
        "-p",
        str(target),
        "--preset",
        "openai",
        "--preset",
        "anthropic",
        "--preset",
        "claude_vertex",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    root = target / "modelcfg.yaml"
    overlay = target / "envs" / "production.yaml"
    assert root.read_text().startswith("# yaml-language-server: $schema=.modelcfg/modelcfg.schema.json\n")
    assert overlay.read_text().startswith(
        "# yaml-language-server: $schema=../.modelcfg/modelcfg.schema.json\n"
    )
    assert (target / ".modelcfg" / "modelcfg.schema.json").read_text() == schema_text()
    validator = Draft7Validator(document_schema())
    for path in (root, overlay):
        assert list(validator.iter_errors(YAML(typ="safe").load(path.read_text()))) == []
    document = _merged(root)
    assert document.selection.default_provider == "openai"
    assert document.failover.chains["openai/large"] == ["anthropic/large", "claude_vertex/large"]
    assert set(document.profiles) == {"creative", "balanced", "precise"}
    assert document.providers["claude_vertex"].vertex is not None
    assert "OPENAI_API_KEY, ANTHROPIC_API_KEY" in result.output


def test_init_defaults_to_openai_here(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    document = _merged(tmp_path / "modelcfg.yaml")
    assert list(document.providers) == ["openai"] and not document.failover.chains


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text("mine\n")
    result = CliRunner().invoke(cli, ["init", "-p", str(tmp_path)])
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.output
    assert (tmp_path / "modelcfg.yaml").read_text() == "mine\n"
    assert not (tmp_path / "envs").exists()


def test_init_rejects_unknown_presets(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", "-p", str(tmp_path), "--preset", "azure"])
    assert result.exit_code == 2 and "'azure' is not one of" in result.output


def test_scaffold_on_every_preset_lints_clean(tmp_path: Path) -> None:
    presets = ["openai", "anthropic", "claude_vertex", "grok", "groq", "llamacloud"]
    presets += ["llamalocal", "google", "redpill", "openrouter", "heurist"]
    args = ["init", "-p", str(tmp_path)] + [arg for name in presets for arg in ("--preset", name)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    for env in ([], ["--env", "production"]):
        result = CliRunner().invoke(cli, ["lint", str(tmp_path), "--format", "concise", *env])
        assert result.exit_code == 0, result.output


def test_init_scaffolds_the_readme_layout_and_its_hints_run(tmp_path: Path, monkeypatch: Any) -> None:
    result = CliRunner().invoke(cli, ["init", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("modelcfg.yaml", "envs/staging.yaml", "envs/production.yaml", ".gitignore"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / ".gitignore").read_text().splitlines()[1:] == [
        "modelcfg.local.yaml",
        "modelcfg.local.toml",
        ".modelcfg_cache/",
    ]
    root = (tmp_path / "modelcfg.yaml").read_text()
    hint = root.splitlines()[1].split("Explain a value: ")[1]
    assert hint == "modelcfg explain selection.default_provider"
    monkeypatch.chdir(tmp_path)
    explained = CliRunner().invoke(cli, hint.split()[1:])
    assert explained.exit_code == 0 and explained.stdout.startswith("selection.default_provider = ")
    for env in ("staging", "production"):
        assert CliRunner().invoke(cli, ["compile", "--env", env, "-o", "-"]).exit_code == 0, env


def test_init_keeps_an_existing_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n")
    result = CliRunner().invoke(cli, ["init", "-p", str(tmp_path)])
    assert result.exit_code == 0 and f"kept {tmp_path / '.gitignore'}" in result.output
    assert (tmp_path / ".gitignore").read_text() == "node_modules/\n"
    assert (tmp_path / "modelcfg.yaml").is_file()


def test_init_positional_directory_still_works_with_a_warning(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "old")])
    assert result.exit_code == 0 and (tmp_path / "old" / "modelcfg.yaml").is_file()
    assert "use `modelcfg init -p PROJECT`" in result.stderr
