"""A real threaded HTTP server on 127.0.0.1 speaking openai, anthropic, anthropic-vertex and gemini.

Mount points: `/openai/v1`, `/anthropic/v1`, `/gemini/v1beta`, `/vertex/v1` (use `emulator.base(api)`).
Faults are scripted per model id: `emulator.script("gpt-x", status(503), reset())` makes the next
two requests for that model fail, then it answers normally. Every request is recorded.
"""

from __future__ import annotations

import json
import random
import re
import socket
import struct
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import bodies

_PATH = re.compile(r"^/(openai|anthropic|gemini|vertex)/(v1|v1beta)/(.*)$")
_GOOGLE_MODEL = re.compile(r"models/([^/:]+):(\w+)$")
DEFAULT_DIMS = 8


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour; build with the helpers below."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    delay_s: float = 0.0
    reset: bool = False
    malformed: bool = False
    kind: str = ""  # "context_length" | "model_not_found": the API's own error
    limit: int = 1000


def status(code: int, retry_after: str | None = None, retry_after_ms: str | None = None) -> Fault:
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    if retry_after_ms is not None:
        headers["retry-after-ms"] = retry_after_ms
    return Fault(status=code, headers=headers)


def delay(seconds: float) -> Fault:
    return Fault(delay_s=seconds)


def reset() -> Fault:
    return Fault(reset=True)


def malformed() -> Fault:
    return Fault(malformed=True)


def context_length(limit: int = 1000) -> Fault:
    return Fault(kind="context_length", limit=limit)


def model_not_found() -> Fault:
    return Fault(kind="model_not_found")


@dataclass(frozen=True)
class Recorded:
    api: str
    op: str  # chat | embeddings | images | messages | rawPredict | generateContent | batchEmbedContents
    path: str
    model: str
    headers: dict[str, str]
    body: Any
    peer: tuple[str, int]  # the client's address: one port per reused connection
    at: float = field(default_factory=time.monotonic)  # arrival time (rate-limit tests count windows)


class Emulator:
    """The server and its script; thread-safe."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._scripts: dict[str, deque[Fault]] = defaultdict(deque)
        self._rates: dict[str, tuple[float, Fault]] = {}
        self._rng = random.Random(7)
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"emulator": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler, bind_and_activate=False)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._server.request_queue_size = 1024
        self._server.server_bind()
        self._server.server_activate()
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    def start(self) -> Emulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def base(self, api: str) -> str:
        """The endpoint to put in a table for this API ("openai", "anthropic", "gemini", "vertex")."""
        version = "v1beta" if api == "gemini" else "v1"
        return f"{self.url}/{api}/{version}"

    def script(self, model: str, *faults: Fault) -> None:
        """The next requests for `model` get these faults, in order; later ones succeed."""
        with self._lock:
            self._scripts[model].extend(faults)

    def fail_rate(self, model: str, rate: float, fault: Fault) -> None:
        """Each request for `model` fails with `fault` with probability `rate` (seeded)."""
        with self._lock:
            self._rates[model] = (rate, fault)

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self._scripts.clear()
            self._rates.clear()

    def count(self, model: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if model is None or r.model == model)

    def _next_fault(self, model: str) -> Fault | None:
        with self._lock:
            queue = self._scripts.get(model)
            if queue:
                return queue.popleft()
            rate = self._rates.get(model)
            if rate and self._rng.random() < rate[0]:
                return rate[1]
            return None

    def _record(self, rec: Recorded) -> None:
        with self._lock:
            self.requests.append(rec)


class _Handler(BaseHTTPRequestHandler):
    emulator: Emulator
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes; no 40 ms delayed-ACK stalls

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        match = _PATH.match(self.path.split("?")[0])
        if not match:
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        api, rest = match.group(1), match.group(3)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            self._send(400, bodies.error(api, 400, "request body is not JSON"))
            return
        model, op = _model_and_op(api, rest, body)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.emulator._record(Recorded(api, op, self.path, model, headers, body, self.client_address))
        fault = self.emulator._next_fault(model)
        if fault is not None and self._misbehave(fault, api, model):
            return
        status, payload = _answer(api, op, model, body)
        self._send(status, payload, fault.headers if fault is not None else None)  # e.g. rate-limit headers

    def _misbehave(self, fault: Fault, api: str, model: str) -> bool:
        """Apply a fault; True when the response has been dealt with."""
        if fault.delay_s:
            time.sleep(fault.delay_s)
        if fault.reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return True
        if fault.malformed:
            self._send_raw(200, b'{"id": "chatcmpl-broken", "choices": [', {})
            return True
        if fault.kind == "context_length":
            self._send(*bodies.context_length(api, fault.limit))
            return True
        if fault.kind == "model_not_found":
            self._send(*bodies.model_not_found(api, model))
            return True
        if fault.status:
            payload = (
                fault.body if fault.body is not None else bodies.error(api, fault.status, "scripted failure")
            )
            self._send(fault.status, payload, fault.headers)
            return True
        return False

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode(), headers or {})

    def _send_raw(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def _model_and_op(api: str, rest: str, body: Any) -> tuple[str, str]:
    found = _GOOGLE_MODEL.search(rest)
    if found:
        return found.group(1), found.group(2)
    op = {"chat/completions": "chat", "embeddings": "embeddings", "images/generations": "images"}.get(
        rest, rest
    )
    model = body.get("model", "") if isinstance(body, dict) else ""
    return str(model), op


def _prompt(messages: list[dict[str, Any]]) -> str:
    for m in reversed(messages):
        content = m.get("content")
        if isinstance(content, str):
            return content
    return ""


def _answer(api: str, op: str, model: str, body: Any) -> tuple[int, Any]:
    if api == "openai" and op == "chat":
        prompt = _prompt(body["messages"])
        used = sum(bodies.tokens(str(m.get("content", ""))) for m in body["messages"])
        return 200, bodies.openai_chat(model, prompt, used)
    if api == "openai" and op == "embeddings":
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        return 200, bodies.openai_embeddings(model, texts, body.get("dimensions", DEFAULT_DIMS))
    if api == "openai" and op == "images":
        return 200, bodies.openai_images(body["prompt"], body.get("n", 1))
    if (api == "anthropic" and op == "messages") or (api == "vertex" and op == "rawPredict"):
        used = sum(bodies.tokens(str(m.get("content", ""))) for m in body["messages"])
        return 200, bodies.anthropic_message(model or "claude", _prompt(body["messages"]), used)
    if api == "gemini" and op == "generateContent":
        texts = [p.get("text", "") for c in body["contents"] for p in c["parts"]]
        return 200, bodies.gemini_content(
            model, texts[-1] if texts else "", sum(bodies.tokens(t) for t in texts)
        )
    if api == "gemini" and op == "batchEmbedContents":
        reqs = body["requests"]
        texts = [r["content"]["parts"][0]["text"] for r in reqs]
        dims = reqs[0].get("outputDimensionality", DEFAULT_DIMS) if reqs else DEFAULT_DIMS
        return 200, bodies.gemini_embeddings(texts, dims)
    return 404, bodies.error(api, 404, f"unknown operation {op}")
