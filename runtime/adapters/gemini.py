"""Gemini API: `generateContent` and `batchEmbedContents` (`x-goog-api-key`, camelCase config)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..backoff import retry_after
from ..errors import ContextTooLong, ModelNotFound, ProviderError
from ..table import Entry
from ..wire import Adapter, EmbedReply, HttpRequest, Message, TextReply, drop_none, error_by_status

_TOO_LONG = re.compile(r"exceeds the maximum number of tokens allowed \((\d+)\)", re.I)
_ROLES = {"user": "user", "assistant": "model"}


def headers(entry: Entry, credential: str | None) -> dict[str, str]:
    out = {"content-type": "application/json", **entry.provider.headers}
    if credential:
        out["x-goog-api-key"] = credential
    return out


def build_chat(
    entry: Entry,
    messages: Sequence[Message],
    settings: Mapping[str, Any],
    max_tokens: int | None,
    credential: str | None,
) -> HttpRequest:
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    body: dict[str, Any] = {
        "contents": [
            {"role": _ROLES[m["role"]], "parts": [{"text": m["content"]}]}
            for m in messages
            if m["role"] != "system"
        ]
    }
    if system:
        body["systemInstruction"] = {"parts": [{"text": system}]}
    config = drop_none(
        {
            "temperature": settings.get("temperature"),
            "topP": settings.get("top_p"),
            "topK": settings.get("top_k"),
            "frequencyPenalty": settings.get("frequency_penalty"),
            "presencePenalty": settings.get("presence_penalty"),
            "stopSequences": list(settings.get("stop") or ()),
            "seed": settings.get("seed"),
            "maxOutputTokens": max_tokens,
        }
    )
    if config:
        body["generationConfig"] = config
    url = f"{entry.provider.endpoint}/models/{entry.model_id}:generateContent"
    return HttpRequest(url, headers(entry, credential), body)


def parse_chat(data: Any) -> TextReply:
    candidate = data["candidates"][0]
    parts = (candidate.get("content") or {}).get("parts") or []
    usage = data.get("usageMetadata") or {}
    return TextReply(
        text="".join(p.get("text", "") for p in parts),
        input_tokens=int(usage.get("promptTokenCount") or 0),
        output_tokens=int(usage.get("candidatesTokenCount") or 0),
        finish_reason=candidate.get("finishReason"),
    )


def build_embed(entry: Entry, texts: Sequence[str], credential: str | None) -> HttpRequest:
    model = f"models/{entry.model_id}"
    dims = {"outputDimensionality": entry.dimensions} if entry.dimensions is not None else {}
    body = {"requests": [{"model": model, "content": {"parts": [{"text": t}]}, **dims} for t in texts]}
    url = f"{entry.provider.endpoint}/models/{entry.model_id}:batchEmbedContents"
    return HttpRequest(url, headers(entry, credential), body)


def parse_embed(data: Any) -> EmbedReply:
    return EmbedReply(tuple(tuple(float(x) for x in e["values"]) for e in data["embeddings"]))


def classify_error(status: int, hdrs: Mapping[str, str], data: Any) -> ProviderError:
    err = data.get("error") if isinstance(data, dict) else None
    err = err if isinstance(err, dict) else {}
    message = str(err.get("message") or f"HTTP {status}")
    found = _TOO_LONG.search(message)
    if found:
        return ContextTooLong(message, status=status, limit_tokens=int(found.group(1)))
    if err.get("status") == "NOT_FOUND" or status == 404:
        return ModelNotFound(message, status=status)
    return error_by_status(status, message, retry_after(hdrs))


ADAPTER = Adapter(
    build_chat=build_chat,
    parse_chat=parse_chat,
    classify_error=classify_error,
    build_embed=build_embed,
    parse_embed=parse_embed,
)
