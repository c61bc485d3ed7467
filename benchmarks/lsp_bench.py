"""`modelcfg lsp` latency in a warm server, next to a cold `modelcfg lint --no-cache` process.

Budgets (issue 18), wall time as an editor sees it (request sent → answer or last
publishDiagnostics received), medians of `--runs` edits or requests:
- diagnostics for examples/ after an edit of the root file ≤ 50 ms (every file of the project
  re-published: the base layers and both environments are compiled and linted);
- hover and completion ≤ 20 ms each;
- diagnostics for a 200-provider project (base file + two overlays) after an edit < 250 ms
  (an edit of the root file recompiles every environment; an overlay edit reuses the base).

Wall time on a shared machine also measures the neighbours, so the server's own CPU time per
edit (from /proc) is printed under each diagnostics figure, against the same budget: on a
loaded machine (load average above the core count) read the CPU line, as compile_bench does.
The peer, measured in the same run, is what a save hook or CI runs: a fresh
`modelcfg lint --no-cache examples` process.
The server runs with its default settings (10 ms debounce included in every diagnostics figure).

    .venv/bin/python benchmarks/lsp_bench.py [--runs 30]
"""

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from compile_bench import make_project  # benchmarks/ is on sys.path when run as a script
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


class Client(LanguageClient):
    """Records when each file's diagnostics last arrived."""

    def __init__(self) -> None:
        super().__init__("lsp-bench", "1")
        self.published: dict[str, float] = {}
        self.cpu: list[float] = []  # the server's CPU seconds per edit

    def server_cpu(self) -> float:
        """CPU seconds (user + system) the server process has used so far."""
        assert self._server is not None
        fields = Path(f"/proc/{self._server.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_client() -> Client:
    client = Client()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        client.published[params.uri] = time.perf_counter()

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        return None

    return client


async def wait_all(client: Client, uris: list[str], since: float) -> float:
    """Seconds from ``since`` until every uri was (re)published."""
    while not all(client.published.get(u, 0) > since for u in uris):
        await asyncio.sleep(0.0005)
    return max(client.published[u] for u in uris) - since


async def edit_latencies(client: Client, path: Path, uris: list[str], runs: int) -> list[float]:
    """Latency of each of ``runs`` edits to ``path`` (a changed comment line, then a changed value)."""
    uri = path.as_uri()
    text = path.read_text("utf-8")
    item = lsp.TextDocumentItem(uri, "yaml", 1, text)
    start = time.perf_counter()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
    await wait_all(client, uris, start)
    found = []
    for version in range(2, runs + 2):
        edited = f"# edit {version}\n" + text
        change = lsp.TextDocumentContentChangeWholeDocument(edited)
        cpu = client.server_cpu()
        start = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(lsp.VersionedTextDocumentIdentifier(version, uri), [change])
        )
        found.append(await wait_all(client, uris, start))
        await asyncio.sleep(0.05)  # let the server finish its turn before reading its CPU time
        client.cpu.append(client.server_cpu() - cpu)
    return found


async def request_latencies(request: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = await request()
        found.append(time.perf_counter() - start)
        assert answer is not None
    return found


async def start(root: Path) -> Client:
    client = make_client()
    await client.start_io(sys.executable, "-m", "modelcfg", "lsp")
    params = lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=root.as_uri())
    await client.initialize_async(params)
    client.initialized(lsp.InitializedParams())
    return client


async def stop(client: Client) -> None:
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def position(text: str, needle: str, offset: int) -> lsp.Position:
    index = text.index(needle) + offset
    return lsp.Position(text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1))


async def examples_figures(folder: Path, runs: int) -> dict[str, list[float]]:
    root = folder / "modelcfg.yaml"
    files = [root, folder / "envs" / "staging.yaml", folder / "envs" / "production.toml"]
    client = await start(folder)
    try:
        edits = await edit_latencies(client, root, [f.as_uri() for f in files], runs + 3)
        text = f"# edit {runs + 4}\n" + root.read_text("utf-8")
        doc = lsp.TextDocumentIdentifier(root.as_uri())
        at = position(text, "timeout_s: 120", 12)
        hover = await request_latencies(
            lambda: client.text_document_hover_async(lsp.HoverParams(doc, at)), runs
        )
        line = position(text, "  anthropic:\n    rate_limits", 0).line + 1
        where = lsp.Position(line, 6)
        completion = await request_latencies(
            lambda: client.text_document_completion_async(lsp.CompletionParams(doc, where)), runs
        )
    finally:
        await stop(client)
    return {"edit": edits[3:], "hover": hover, "completion": completion, "cpu": client.cpu[3:]}


async def large_figures(folder: Path, runs: int) -> dict[str, list[float]]:
    """Edits of the root file (every environment recompiled), then of one overlay (base reused)."""
    files = make_project(folder, 200)
    uris = [f.as_uri() for f in files]
    client = await start(folder)
    try:
        edits = await edit_latencies(client, files[0], uris, runs + 3)
        root_cpu = client.cpu[3:]
        client.cpu.clear()
        overlay = await edit_latencies(client, files[1], uris, runs + 3)
    finally:
        await stop(client)
    return {"edit": edits[3:], "cpu": root_cpu, "overlay": overlay[3:], "overlay_cpu": client.cpu[3:]}


def cold_lint(folder: Path, runs: int) -> list[float]:
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [str(BIN / "modelcfg"), "lint", "--no-cache", str(folder)], check=True, capture_output=True
        )
        found.append(time.perf_counter() - start)
    return found


def line(name: str, seconds: list[float], budget_ms: float | None) -> None:
    median = statistics.median(seconds) * 1000
    p90 = sorted(seconds)[int(len(seconds) * 0.9) - 1] * 1000
    verdict = "" if budget_ms is None else ("  ok" if median <= budget_ms else "  OVER BUDGET")
    limit = "" if budget_ms is None else f"  (budget {budget_ms:.0f} ms)"
    print(f"  {name:<46} median {median:7.1f} ms   p90 {p90:7.1f} ms{limit}{verdict}")


def cpu_line(name: str, seconds: list[float], budget_ms: float) -> None:
    """Mean CPU per edit: /proc counts in clock ticks (10 ms), so one edit's own figure is too coarse."""
    mean = statistics.mean(seconds) * 1000
    verdict = "ok" if mean <= budget_ms else "OVER BUDGET"
    print(f"  {name:<46} mean   {mean:7.1f} ms{'':19}(budget {budget_ms:.0f} ms)  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "examples"
        shutil.copytree(REPO / "examples", folder)
        figures = asyncio.run(examples_figures(folder, args.runs))
        peer = cold_lint(folder, max(5, args.runs // 5))
        large = asyncio.run(large_figures(Path(tmp) / "large", max(10, args.runs // 2)))
    print(f"modelcfg lsp, warm server, wall time, {args.runs} runs")
    line("examples/: edit → diagnostics for all 3 files", figures["edit"], 50)
    cpu_line("examples/: server CPU per edit", figures["cpu"], 50)
    line("examples/: hover", figures["hover"], 20)
    line("examples/: completion", figures["completion"], 20)
    line("200 providers: edit → diagnostics for all 3 files", large["edit"], 250)
    cpu_line("200 providers: server CPU per edit", large["cpu"], 250)
    line("200 providers: overlay edit → diagnostics", large["overlay"], 250)
    cpu_line("200 providers: server CPU per overlay edit", large["overlay_cpu"], 250)
    print("peer, same run")
    line("cold `modelcfg lint --no-cache examples` process", peer, None)
    ratio = statistics.median(peer) / statistics.median(figures["edit"])
    print(f"  a warm server answers an edit {ratio:.0f}× faster than a cold lint process")


if __name__ == "__main__":
    main()
