"""Table envelopes whose embedding models are served by the emulator, with a cache section."""

from __future__ import annotations

from typing import Any

from tests.emulator import Emulator
from tests.runtime.tables import body, envelope, model, provider


def embedding_table(
    emu: Emulator, cache: dict[str, Any], *, batch_size: int = 3, fallback: bool = False
) -> dict[str, Any]:
    """Provider `primary` (model emb-a, 16 dims); with `fallback`, a chain on to `backup` (emb-b)."""
    providers = {
        "primary": provider(
            "openai",
            emu.base("openai"),
            {"embedding": model("emb-a", dimensions=16, embedding={"cache": True, "batch_size": batch_size})},
        )
    }
    chains = None
    if fallback:
        providers["backup"] = provider(
            "openai",
            emu.base("openai"),
            {"embedding": model("emb-b", dimensions=16, embedding={"cache": True, "batch_size": batch_size})},
        )
        chains = {"primary/embedding": ["primary/embedding", "backup/embedding"]}
    table_body = body(providers, chains, default_provider="primary")
    table_body["cache"] = {"embeddings": cache}
    return envelope(table_body)


def sent_texts(emu: Emulator, model_id: str | None = None) -> list[list[str]]:
    """The input lists of every embeddings request the emulator received, in order."""
    return [
        list(r.body["input"])
        for r in list(emu.requests)
        if r.op == "embeddings" and (model_id is None or r.model == model_id)
    ]
