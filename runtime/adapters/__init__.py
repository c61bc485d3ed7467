"""One module per wire protocol, each a set of pure build/parse/classify functions."""

from ..wire import Adapter
from . import anthropic, anthropic_vertex, gemini, openai

#: the table's provider `api` -> its adapter
ADAPTERS: dict[str, Adapter] = {
    "openai": openai.ADAPTER,
    "anthropic": anthropic.ADAPTER,
    "anthropic-vertex": anthropic_vertex.ADAPTER,
    "gemini": gemini.ADAPTER,
}

__all__ = ["ADAPTERS", "Adapter"]
