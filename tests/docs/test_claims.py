"""Statements of the docs that no block shows, held by a test (docs/cache.md, "Checks")."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from modelcfg.runtime import AllFailed, Runtime

from modelcfg import compile_project


class ShortVectors(BaseHTTPRequestHandler):
    """An OpenAI-style /embeddings endpoint that answers 3 values whatever was asked."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        data = [{"index": i, "embedding": [0.5, 0.25, 0.125]} for i, _ in enumerate(body["input"])]
        payload = json.dumps({"data": data, "usage": {"prompt_tokens": 1, "total_tokens": 1}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def short_vectors() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ShortVectors)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_wrong_dimensions_from_the_provider_fail_the_call_with_all_failed(
    short_vectors: str, tmp_path: Path
) -> None:
    """`rt.embed` walks the chain: the wrong size is that attempt's `BadResponse`, the call's `AllFailed`."""
    (tmp_path / "modelcfg.yaml").write_text(
        "version: 1\n"
        f"providers:\n  local:\n    api: openai\n    endpoint: {short_vectors}\n"
        "    models: {embedding: {id: emb-4, dimensions: 4}}\n"
        "selection: {default_provider: local}\n"
        f"cache: {{embeddings: {{disk: {{enabled: true, path: {tmp_path / 'emb'}}}}}}}\n",
        encoding="utf-8",
    )
    result = compile_project(tmp_path)
    assert result.ok, [d.message for d in result.diagnostics]
    table = tmp_path / "table.json"
    table.write_text(json.dumps(result.table), encoding="utf-8")
    with Runtime.load(table) as rt, pytest.raises(AllFailed) as failed:
        rt.embed(["hello"])
    assert [attempt.error for attempt in failed.value.attempts] == ["BadResponse"]
