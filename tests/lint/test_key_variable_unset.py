"""MC417: a routed provider's key variable must be set where a `require_keys` project is linted."""

from pathlib import Path

from click.testing import CliRunner
from modelcfg.compiler.lint import lint_paths

from modelcfg.cli import cli

from .helpers import TODAY

PROJECT = """\
lint:
  require_keys: true
selection:
  default_provider: openai
failover:
  chains:
    openai/large: [anthropic/large]
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    models: {small: gpt-5.4-mini, medium: gpt-5.4, large: gpt-5.4}
  anthropic:
    endpoint: https://api.anthropic.com/v1
    api: anthropic
    api_key_env: ANTHROPIC_API_KEY
    models: {large: claude-opus-4-6}
  spare:
    endpoint: https://api.groq.com/openai/v1
    api_key_env: GROQ_API_KEY
    models: {small: openai/gpt-oss-20b}
"""


def _codes(tmp_path: Path, environ: dict[str, str]) -> list[tuple[str, int]]:
    (tmp_path / "modelcfg.yaml").write_text(PROJECT)
    [result] = lint_paths([str(tmp_path)], environ=environ, today=TODAY)
    return [(d.code, d.span.line) for d in result.diagnostics if d.code == "MC417"]


def test_routed_providers_without_their_key_are_flagged(tmp_path: Path) -> None:
    # openai is the default provider, anthropic is in its chain; spare is routed nowhere
    assert _codes(tmp_path, {}) == [("MC417", 11), ("MC417", 16)]


def test_a_set_variable_is_enough_and_an_empty_one_is_not(tmp_path: Path) -> None:
    environ = {"OPENAI_API_KEY": "x" * 20, "ANTHROPIC_API_KEY": ""}
    assert _codes(tmp_path, environ) == [("MC417", 16)]


def test_the_cli_reads_the_environment_and_never_caches_the_answer(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text(PROJECT)
    runner = CliRunner()
    bare = {"OPENAI_API_KEY": None, "ANTHROPIC_API_KEY": None}
    first = runner.invoke(cli, ["lint", str(tmp_path), "--select", "MC417"], env=bare)
    assert first.exit_code == 1 and first.output.count("MC417") == 2
    keys = {"OPENAI_API_KEY": "k" * 20, "ANTHROPIC_API_KEY": "k" * 20}
    second = runner.invoke(cli, ["lint", str(tmp_path), "--select", "MC417"], env=keys)
    assert second.exit_code == 0, second.output
    assert "k" * 20 not in second.output
    assert not list((tmp_path / ".modelcfg_cache").glob("*.json"))


def test_an_environment_overlay_turns_it_on_for_that_environment_only(tmp_path: Path) -> None:
    base = PROJECT.replace("lint:\n  require_keys: true\n", "environments: {production: [envs/prod.yaml]}\n")
    (tmp_path / "modelcfg.yaml").write_text(base)
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "prod.yaml").write_text("lint:\n  require_keys: true\n")
    runner = CliRunner()
    bare = {"OPENAI_API_KEY": None, "ANTHROPIC_API_KEY": None}
    plain = runner.invoke(cli, ["lint", str(tmp_path), "--select", "MC417", "--no-cache"], env=bare)
    assert plain.exit_code == 0, plain.output
    prod = runner.invoke(
        cli, ["lint", str(tmp_path), "--env", "production", "--select", "MC417", "--no-cache"], env=bare
    )
    assert prod.exit_code == 1 and prod.output.count("MC417") == 2
