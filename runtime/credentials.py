"""Where API keys and bearer tokens come from: an environment variable or a token command.

Only the variable's NAME is ever shown; values never reach an error or a log.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping

from .errors import Rejected
from .table import Provider

TOKEN_TTL_S = 300.0  # gcloud access tokens live an hour; refresh well before


class Credentials:
    """Resolves a provider's credential; token-command output is cached for TOKEN_TTL_S."""

    def __init__(self, environ: Mapping[str, str] | None = None, clock: Callable[[], float] = time.monotonic):
        self.environ = environ if environ is not None else os.environ
        self.clock = clock
        self._tokens: dict[tuple[str, ...], tuple[str, float]] = {}
        self._lock = threading.Lock()

    def for_provider(self, provider: Provider) -> str | None:
        """The key or token to send, None for servers that need none; Rejected if it is missing."""
        if provider.api_key_env:
            value = self.environ.get(provider.api_key_env)
            if value:
                return value
            if not provider.token_command:
                raise Rejected(
                    f"environment variable {provider.api_key_env} is not set; export it with the API key "
                    f"for provider `{provider.name}`",
                    provider=provider.name,
                )
        if provider.token_command:
            return self._token(provider)
        return None

    def _token(self, provider: Provider) -> str:
        import subprocess  # only Vertex-style providers run a command

        command = provider.token_command or ()
        with self._lock:
            cached = self._tokens.get(command)
            if cached and self.clock() - cached[1] < TOKEN_TTL_S:
                return cached[0]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
            except (OSError, ValueError, subprocess.TimeoutExpired) as exc:  # ValueError: NUL, not UTF-8
                raise Rejected(
                    f"token_command `{command[0]}` for provider `{provider.name}` could not run: {exc}",
                    provider=provider.name,
                ) from exc
            token = done.stdout.strip()
            if done.returncode != 0 or not token:
                raise Rejected(
                    f"token_command `{' '.join(command)}` for provider `{provider.name}` exited "
                    f"{done.returncode} without a token",
                    provider=provider.name,
                )
            self._tokens[command] = (token, self.clock())
            return token
