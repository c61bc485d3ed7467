"""A real redis-server for tests: a free loopback port, a temp dir, no persistence.

    with RedisServer.start(tmp_path) as server:
        client = server.client()
        server.kill()       # SIGKILL, like a crash
        server.restart()    # the same port again, empty

The pytest fixture `redis_server` gives each test its own server (tests/conftest.py
imports it). The Debian package provides /usr/bin/redis-server; `scripts/test`
installs it when missing.
"""

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """One redis-server process; `url` stays the same across `restart()`."""

    def __init__(self, workdir: Path, port: int) -> None:
        self.workdir = workdir
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(cls, workdir: Path | None = None) -> "RedisServer":
        """Start on a free port; tries a few ports in case another process takes one first."""
        workdir = workdir or Path(tempfile.mkdtemp(prefix="redis-"))
        last_error = ""
        for _ in range(5):
            server = cls(workdir, free_port())
            try:
                server._launch()
                return server
            except RuntimeError as exc:
                last_error = str(exc)
        raise RuntimeError(f"redis-server did not start: {last_error}")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _launch(self) -> None:
        args = [
            REDIS_SERVER,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.workdir),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--logfile", str(self.workdir / f"redis-{self.port}.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                raise RuntimeError(f"exited with {self.process.returncode}: {err.strip()}")
            if self.ping():
                return
            time.sleep(0.005)
        self.kill()
        raise RuntimeError(f"no answer on port {self.port} within 10s")

    def ping(self) -> bool:
        """True when the server answers PING (a raw socket, so it works without redis-py)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def client(self, **kwargs: Any) -> Any:
        import redis

        return redis.Redis.from_url(self.url, **kwargs)

    def kill(self) -> None:
        """SIGKILL the server and wait until it is gone (its port refuses connections)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def restart(self) -> None:
        """Start a fresh, empty server on the same port."""
        self.kill()
        self._launch()

    def pause(self) -> None:
        """SIGSTOP: the port accepts connections but nothing answers (a slow Redis)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)

    def __enter__(self) -> "RedisServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.resume()
        self.kill()


@pytest.fixture
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A fresh redis-server on a free loopback port, killed after the test."""
    with RedisServer.start(tmp_path_factory.mktemp("redis")) as server:
        yield server
