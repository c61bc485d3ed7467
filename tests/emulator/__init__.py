"""Provider emulator for tests: a real HTTP server speaking each provider's wire protocol.

def test_x(emulator):            # the pytest fixture (function-scoped, script cleared)
    emulator.script("gpt-x", status(503, retry_after="0"))
    endpoint = emulator.base("openai")
"""

from .fixture import emulator, emulator_server, refused_url
from .server import (
    Emulator,
    Fault,
    Recorded,
    context_length,
    delay,
    malformed,
    model_not_found,
    reset,
    status,
)

__all__ = [
    "Emulator",
    "Fault",
    "Recorded",
    "context_length",
    "delay",
    "emulator",
    "emulator_server",
    "malformed",
    "model_not_found",
    "refused_url",
    "reset",
    "status",
]
