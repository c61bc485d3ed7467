"""`modelcfg export` and `modelcfg import` end to end through click: files, exit codes, messages."""

import os
from pathlib import Path

from click.testing import CliRunner

from modelcfg.cli import cli
from tests.interop.tables import FIXTURES, envelope, hand_table, write_table


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_writes_then_check_passes_then_detects_a_stale_file(tmp_path: Path) -> None:
    table = write_table(hand_table(), tmp_path / "lock.json")
    out = tmp_path / "litellm.yaml"
    assert run("export", "litellm", "--table", str(table), "-o", str(out))[0] == 0
    code, _, err = run("export", "litellm", "--table", str(table), "-o", str(out), "--check")
    assert code == 0 and "up to date" in err
    body = hand_table()["body"]
    body["providers"]["openai"]["models"]["small"]["id"] = "gpt-5-nano"
    write_table(envelope(body), table)
    code, _, err = run("export", "litellm", "--table", str(table), "-o", str(out), "--check")
    assert code == 1 and "stale: was exported from sha256:" in err
    assert "gpt-5-nano" not in out.read_text("utf-8")  # --check never writes


def test_export_prints_to_stdout_and_template_format(tmp_path: Path) -> None:
    table = write_table(hand_table(), tmp_path / "lock.json")
    code, out, _ = run("export", "dotenv", "--table", str(table))
    assert code == 0 and "MODELCFG_OPENAI_SMALL_MODEL=gpt-4.1-nano" in out
    template = tmp_path / "names.txt.j2"
    template.write_text("{% for n in body.providers | sort %}{{ n }}\n{% endfor %}", encoding="utf-8")
    code, out, _ = run("export", "template", "--template", str(template), "--table", str(table))
    assert (code, out) == (0, "anthropic\nlocal\nopenai\n")


def test_export_usage_and_input_errors(tmp_path: Path) -> None:
    assert run("export", "litellm", "--check")[0] == 2
    assert run("export", "template", "--table", "x.json")[0] == 2
    assert run("export", "kubernetes")[0] == 2
    code, _, err = run("export", "litellm", "--table", str(tmp_path / "missing.json"))
    assert code == 2 and err.startswith(f"error: {tmp_path / 'missing.json'}: cannot read table")
    template = tmp_path / "bad.j2"
    template.write_text("{{ table.__init__.__globals__ }}", encoding="utf-8")
    table = write_table(hand_table(), tmp_path / "lock.json")
    code, _, err = run("export", "template", "--template", str(template), "--table", str(table))
    assert code == 2 and "sandbox" in err


def test_export_from_a_project_compiles_it(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "modelcfg.yaml").write_text(
        "version: 1\nproviders:\n  local:\n    api: openai\n    endpoint: http://127.0.0.1:8080/v1\n"
        "    models: {medium: hermes-3-llama-3.1-8b}\n",
        encoding="utf-8",
    )
    code, out, _ = run("export", "litellm", "-p", str(project))
    assert code == 0 and "model: hosted_vllm/hermes-3-llama-3.1-8b" in out  # keyless: no OPENAI_API_KEY
    (project / "modelcfg.yaml").write_text("version: 1\nprovidrs: {}\n", encoding="utf-8")
    code, _, err = run("export", "litellm", "-p", str(project))
    assert code == 1 and "providrs" in err


def test_import_writes_a_project_and_names_the_variable_to_set(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    code, _, err = run("import", "litellm", str(FIXTURES / "litellm_proxy.yaml"), "-p", str(out))
    assert code == 1  # written, but keys were left behind: the findings say which
    assert (out / "modelcfg.yaml").is_file()
    assert "set ANTHROPIC_API_KEY: the input held a literal key (sk-ant-…ABCD)" in err
    assert "litellm_proxy.yaml:19:7: warning[MC601]: `temprature` not imported" in err
    assert "sk-ant-api03" not in err


def test_import_eliza_clean_input_exits_zero(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("OPENAI_SMALL_MODEL=gpt-4.1-nano\nOPENAI_LARGE_MODEL=gpt-4.1\n", encoding="utf-8")
    code, out, _ = run("import", "eliza", str(env))
    assert code == 0
    assert out.startswith("# yaml-language-server: $schema=")
    assert "small: gpt-4.1-nano" in out
    assert run("import", "eliza", str(tmp_path / "nope.env"))[0] == 2


def test_import_says_when_the_written_project_does_not_compile(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n  - model_name: openai/small\n"
        "    litellm_params: {model: openai/gpt-4o-mini, temperature: 5}\n",
        encoding="utf-8",
    )
    code, _, err = run("import", "litellm", str(config), "-p", str(tmp_path / "proj"))
    assert code == 1
    assert "error[MC203]: temperature must be ≤ 2 (got 5)" in err
    assert "does not compile yet" in err


def test_import_refuses_to_overwrite_a_project_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "modelcfg.yaml").write_text("version: 1\n# my hand-written project\n", encoding="utf-8")
    code, _, err = run("import", "litellm", str(FIXTURES / "litellm_proxy.yaml"), "-p", str(out))
    assert code == 2 and "modelcfg.yaml already exists" in err and "--force" in err
    assert "hand-written" in (out / "modelcfg.yaml").read_text("utf-8")  # untouched
    code, _, _ = run("import", "litellm", str(FIXTURES / "litellm_proxy.yaml"), "-p", str(out), "--force")
    assert code == 1 and "hand-written" not in (out / "modelcfg.yaml").read_text("utf-8")
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # the atomic writer's temp files
    toml = tmp_path / "toml-project"
    toml.mkdir()
    (toml / "modelcfg.toml").write_text("version = 1\n", encoding="utf-8")
    code, _, err = run("import", "litellm", str(FIXTURES / "litellm_proxy.yaml"), "-p", str(toml), "--force")
    assert code == 2 and "two project files" in err and not (toml / "modelcfg.yaml").exists()


def test_import_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    for fmt in ("litellm", "eliza"):
        code, _, err = run("import", fmt, str(fifo))
        assert code == 2 and "not a regular file" in err


def test_import_refuses_an_oversized_input(tmp_path: Path) -> None:
    from modelcfg.compiler.load import MAX_BYTES

    big = tmp_path / "config.yaml"
    with open(big, "wb") as handle:  # sparse: the size limit is checked before reading
        handle.truncate(MAX_BYTES + 1)
    code, _, err = run("import", "litellm", str(big))
    assert code == 2 and f"over the {MAX_BYTES // (1024 * 1024)} MiB limit" in err


def test_import_names_a_duplicated_key_where_it_stands(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n  - model_name: gpt-4o\n    litellm_params: {model: openai/gpt-4o}\n"
        "litellm_settings:\n  drop_params: true\nlitellm_settings:\n  num_retries: 2\n",
        encoding="utf-8",
    )
    code, _, err = run("import", "litellm", str(config))
    assert code == 2 and "config.yaml:6:1: error[MC604]" in err and "duplicate key" in err


def test_the_import_example_in_docs_interop_is_true(tmp_path: Path, monkeypatch) -> None:
    """docs/interop.md's Before/After of `import litellm`: the console block and the written YAML."""
    docs = (Path(__file__).parents[2] / "docs" / "interop.md").read_text("utf-8")
    section = docs[docs.index("Before, a LiteLLM proxy config:") :]
    blocks = section.split("```")
    before, console = blocks[1].removeprefix("yaml\n"), blocks[3].removeprefix("console\n")
    after = blocks[5].removeprefix("yaml\n")
    monkeypatch.chdir(tmp_path)
    Path("config.yaml").write_text(before, encoding="utf-8")
    code, _, err = run("import", "litellm", "config.yaml", "-p", "project")
    printed = [line for line in console.splitlines() if line and not line.startswith("$ ")]
    assert code == 1 and err.splitlines() == printed
    assert Path("project/modelcfg.yaml").read_text("utf-8") == after


KEY = "sk-proj-ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ9999"


def test_a_literal_key_anywhere_in_an_input_is_never_written(tmp_path: Path) -> None:
    """A key in a URL path, a stop string, a group name or a model variable: dropped, reported at its line."""
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: team/" + KEY + "\n"
        "    litellm_params:\n"
        "      model: openai/gpt-4o\n"
        "      api_base: https://gw.example.com/" + KEY + "/v1\n"
        "      api_key: os.environ/GW_KEY\n"
        '      stop: ["' + KEY + '"]\n',
        encoding="utf-8",
    )
    env = tmp_path / ".env"
    env.write_text("OPENAI_SMALL_MODEL=" + KEY + "\nOPENAI_LARGE_MODEL=gpt-4.1\n", encoding="utf-8")
    for fmt, source, line in (("litellm", config, 2), ("eliza", env, 1)):
        out = tmp_path / f"{fmt}-project"
        code, printed, err = run("import", fmt, str(source), "-p", str(out))
        written = (out / "modelcfg.yaml").read_text("utf-8")
        assert KEY not in written and KEY not in err and KEY not in printed
        assert f"{source.name}:{line}:" in err and "sk-proj-…9999 not written" in err
        assert code == 1


def test_a_printed_import_points_at_a_schema_that_exists(tmp_path: Path) -> None:
    code, printed, _ = run("import", "litellm", str(FIXTURES / "litellm_proxy.yaml"))
    assert code in (0, 1) and "modelcfg.dev" not in printed
    hint, how = printed.splitlines()[:2]
    assert hint == "# yaml-language-server: $schema=.modelcfg/modelcfg.schema.json"
    assert how.endswith(": modelcfg schema -o .modelcfg/modelcfg.schema.json")
    schema = tmp_path / ".modelcfg" / "modelcfg.schema.json"
    assert run("schema", "-o", str(schema))[0] == 0 and schema.is_file()


def test_import_dash_o_still_writes_the_project_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "proj"
    code, _, err = run("import", "litellm", str(FIXTURES / "litellm_proxy.yaml"), "-o", str(out))
    assert code in (0, 1) and (out / "modelcfg.yaml").is_file()
    assert "warning: `modelcfg import -o` is deprecated" in err and "use `modelcfg import -p`" in err
