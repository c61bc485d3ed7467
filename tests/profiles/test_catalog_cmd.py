"""`modelcfg catalog`: show, list, search and update (from a file and over real HTTP)."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelcfg.cli import cli

LITELLM = {
    "gpt-6-luna": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 922000},
    "gpt-7": {
        "litellm_provider": "openai",
        "mode": "chat",
        "max_input_tokens": 2000000,
        "max_output_tokens": 1000,
    },
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_a_known_model() -> None:
    code, out, _ = run("catalog", "show", "claude-3-opus-20240229", "--provider", "anthropic")
    assert code == 0
    assert "max_output_tokens     4096" in out and "retired" in out


def test_show_resolves_aliases_in_every_namespace() -> None:
    code, out, _ = run("catalog", "show", "claude-3-5-haiku")
    assert code == 0
    assert "anthropic/claude-3-5-haiku-20241022" in out and "vertex_ai/claude-3-5-haiku" in out


def test_show_an_unknown_model_suggests_the_nearest_and_exits_1() -> None:
    code, out, err = run("catalog", "show", "claude-3-5-opus-20240229", "--provider", "anthropic")
    assert code == 1 and out == ""
    assert err.startswith(
        "error: unknown model `claude-3-5-opus-20240229` in `anthropic`; did you mean `claude-opus-4-"
    )
    assert "(the closest id, `claude-3-opus-20240229`, is retired)" in err


def test_show_without_provider_qualifies_suggestions() -> None:
    code, _, err = run("catalog", "show", "claude-3-5-opus-20240229")
    assert (
        code == 1
        and "`anthropic/claude-opus-4-" in err
        and "`anthropic/claude-3-opus-20240229`, is retired" in err
    )


def test_show_json() -> None:
    code, out, _ = run("catalog", "show", "gpt-4o", "--provider", "openai", "--json")
    assert code == 0
    [info] = json.loads(out)
    assert info["deprecation_date"] == "2027-01-14" and info["successor"] == "gpt-6-luna"


def test_unknown_namespace_is_a_usage_error() -> None:
    code, _, err = run("catalog", "show", "gpt-4o", "--provider", "opneai")
    assert code == 2 and "did you mean `openai`" in err


def test_list_filters() -> None:
    code, out, _ = run("catalog", "list", "--provider", "openai", "--mode", "embedding", "--current")
    assert code == 0
    lines = out.splitlines()
    assert "openai/text-embedding-3-small\tembedding\t1536 dims\tcurrent" in lines
    assert all(line.startswith("openai/") and "\tembedding\t" in line for line in lines)


def test_search() -> None:
    code, out, _ = run("catalog", "search", "claude-3-5-haiku")
    assert code == 0 and "anthropic/claude-3-5-haiku\talias of claude-3-5-haiku-20241022" in out
    code, _, err = run("catalog", "search", "no-such-model-anywhere")
    assert code == 1 and "no model id contains" in err


def test_update_from_a_file(tmp_path: Path) -> None:
    source, out = tmp_path / "prices.json", tmp_path / "catalog.json"
    source.write_text(json.dumps(LITELLM), encoding="utf-8")
    code, stdout, _ = run("catalog", "update", "--from", str(source), "-o", str(out))
    assert code == 0 and "1 new" in stdout
    models = json.loads(out.read_text(encoding="utf-8"))["models"]
    assert models["openai"]["gpt-7"]["max_input_tokens"] == 2000000
    assert models["openai"]["gpt-4o"]["retired"].startswith("update-")  # gone from the new copy, dated
    assert models["openai"]["gpt-4o"]["max_output_tokens"] == 16384  # facts carried over
    assert "retired" not in models["anthropic"]["claude-opus-5-5"]  # namespace absent: a gap


@pytest.fixture
def price_server() -> Iterator[str]:
    body = json.dumps(LITELLM).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 200 if self.path == "/prices.json" else 404
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if status == 200 else b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_update_from_a_url(price_server: str, tmp_path: Path) -> None:
    out = tmp_path / "catalog.json"
    code, _, _ = run("catalog", "update", "--from", f"{price_server}/prices.json", "-o", str(out))
    assert code == 0
    assert "gpt-7" in json.loads(out.read_text(encoding="utf-8"))["models"]["openai"]
    code, _, err = run("catalog", "update", "--from", f"{price_server}/missing.json", "-o", str(out))
    assert code == 2 and "cannot fetch" in err and "404" in err


def test_update_refuses_bad_input(tmp_path: Path) -> None:
    broken, empty, out = tmp_path / "broken.json", tmp_path / "empty.json", tmp_path / "catalog.json"
    broken.write_text('{"gpt-7": {"mode": "chat",}}', encoding="utf-8")
    empty.write_text('{"whatever": 1}', encoding="utf-8")
    code, _, err = run("catalog", "update", "--from", str(broken), "-o", str(out))
    assert code == 2 and f"{broken}:1:" in err and "not JSON" in err
    code, _, err = run("catalog", "update", "--from", str(empty), "-o", str(out))
    assert code == 2 and "no models found" in err
    code, _, err = run("catalog", "update", "--from", str(tmp_path / "nope.json"), "-o", str(out))
    assert code == 2 and "cannot read" in err
    assert not out.exists()
    assert "Traceback" not in err


def test_provider_may_be_a_preset_name() -> None:
    code, out, _ = run("catalog", "show", "gemini-3.8-flash", "--provider", "google")
    assert code == 0 and out.startswith("model                 gemini/gemini-3.8-flash")
    code, _, err = run("catalog", "show", "FLUX.1-dev", "--provider", "heurist")
    assert code == 2 and "does not list" in err


def test_update_without_output_writes_the_user_catalog_read_over_the_built_in(
    tmp_path: Path, user_data_dir: Path
) -> None:
    from modelcfg.profiles.catalog import CATALOG_PATH

    built_in = CATALOG_PATH.read_bytes()
    source = tmp_path / "prices.json"
    source.write_text(json.dumps(LITELLM), encoding="utf-8")
    code, stdout, _ = run("catalog", "update", "--from", str(source))
    user_catalog = user_data_dir / "catalog.json"
    assert code == 0 and str(user_catalog) in stdout and user_catalog.is_file()
    assert CATALOG_PATH.read_bytes() == built_in  # the installed package is never written
    code, out, _ = run("catalog", "show", "gpt-7", "--provider", "openai", "--source")
    assert code == 0 and f"source                user ({user_catalog})" in out
    code, out, _ = run("catalog", "show", "gpt-4o", "--provider", "openai", "--source")
    assert code == 0 and "missing from LiteLLM update-" in out  # the refresh dropped it


def test_show_source_of_a_built_in_entry_and_its_life() -> None:
    from modelcfg.profiles.catalog import CATALOG_PATH

    code, out, _ = run("catalog", "show", "claude-sonnet-4-20250514", "--provider", "anthropic", "--source")
    assert code == 0 and f"source                built-in ({CATALOG_PATH})" in out
    assert "first_seen            LiteLLM 1.71.3 (2025-05-31)" in out
    assert "retired (shut down 2026-06-15; missing from LiteLLM 1.106.6 (2026-10-28))" in out


def test_show_a_fine_tuned_id() -> None:
    code, out, _ = run("catalog", "show", "ft:gpt-4o-mini-2024-07-18:my-org:support-bot:9abcXYZ1", "--json")
    assert code == 0
    [info] = json.loads(out)
    assert info["namespace"] == "openai" and info["fine_tuned_from"] == "gpt-4o-mini-2024-07-18"
    assert info["max_input_tokens"] == 128000 and info["first_seen"]["release"] == "1.53.1"


def test_a_broken_user_catalog_falls_back_to_the_built_in(user_data_dir: Path) -> None:
    user_data_dir.mkdir(parents=True)
    (user_data_dir / "catalog.json").write_text("{not json", encoding="utf-8")
    code, out, _ = run("catalog", "show", "gpt-4o", "--provider", "openai")
    assert code == 0 and "gpt-4o" in out
    code, _, err = run("catalog", "update", "--from", str(user_data_dir / "catalog.json"))
    assert code == 2 and "not JSON" in err and "Traceback" not in err


def test_a_catalog_update_invalidates_cached_lint_results(tmp_path: Path, user_data_dir: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "modelcfg.yaml").write_text(
        "providers:\n  openai:\n    endpoint: https://api.openai.com/v1\n    models: {small: gpt-7}\n",
        encoding="utf-8",
    )
    code, out, _ = run("lint", str(project), "--format", "concise")
    assert code == 1 and "unknown model `gpt-7`" in out
    source = tmp_path / "prices.json"
    source.write_text(json.dumps(LITELLM), encoding="utf-8")
    assert run("catalog", "update", "--from", str(source))[0] == 0
    code, out, _ = run("lint", str(project), "--format", "concise")
    assert code == 0 and "gpt-7" not in out
