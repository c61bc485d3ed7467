"""OpenAI wire protocol: chat completions, embeddings, images.

Also spoken by Grok (xAI), Groq, Together/LlamaCloud, local llama.cpp/Ollama servers,
RedPill, OpenRouter and Heurist. Extensions OpenAI itself rejects (`top_k`,
`repetition_penalty`, image `steps`) are sent only to the other servers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ..backoff import retry_after
from ..errors import ContextTooLong, ModelNotFound, ProviderError, Rejected
from ..table import Entry
from ..wire import (
    Adapter,
    EmbedReply,
    HttpRequest,
    Image,
    ImageReply,
    Message,
    TextReply,
    drop_none,
    error_by_status,
)

OPENAI_HOSTS = frozenset({"api.openai.com"})
OPENROUTER_HOSTS = frozenset({"openrouter.ai"})
#: OpenRouter's app attribution (https://openrouter.ai/docs/api-reference/overview#headers)
ATTRIBUTION = {"HTTP-Referer": "https://github.com/modelcfg/modelcfg", "X-Title": "modelcfg"}
_CONTEXT_LIMIT = re.compile(r"maximum context length is (\d+)")


def _host(entry: Entry) -> str:
    return _hostname(entry.provider.endpoint)


@lru_cache(maxsize=256)
def _hostname(endpoint: str) -> str:
    return urlsplit(endpoint).hostname or ""


def headers(entry: Entry, credential: str | None) -> dict[str, str]:
    out = {"content-type": "application/json"}
    if _host(entry) in OPENROUTER_HOSTS:
        out.update(ATTRIBUTION)
    out.update(entry.provider.headers)
    if credential:
        out["authorization"] = f"Bearer {credential}"
    return out


def build_chat(
    entry: Entry,
    messages: Sequence[Message],
    settings: Mapping[str, Any],
    max_tokens: int | None,
    credential: str | None,
) -> HttpRequest:
    official = _host(entry) in OPENAI_HOSTS
    body: dict[str, Any] = {
        "model": entry.model_id,
        "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
        **drop_none(
            {
                "temperature": settings.get("temperature"),
                "top_p": settings.get("top_p"),
                "frequency_penalty": settings.get("frequency_penalty"),
                "presence_penalty": settings.get("presence_penalty"),
                "stop": list(settings.get("stop") or ()),
                "seed": settings.get("seed"),
            }
        ),
    }
    if max_tokens is not None:
        body["max_completion_tokens" if official else "max_tokens"] = max_tokens
    if not official:
        body.update(
            drop_none(
                {
                    "top_k": settings.get("top_k"),
                    "repetition_penalty": settings.get("repetition_penalty"),
                }
            )
        )
    return HttpRequest(f"{entry.provider.endpoint}/chat/completions", headers(entry, credential), body)


def parse_chat(data: Any) -> TextReply:
    choice = data["choices"][0]
    usage = data.get("usage") or {}
    return TextReply(
        text=choice["message"].get("content") or "",
        input_tokens=int(usage.get("prompt_tokens") or 0),
        output_tokens=int(usage.get("completion_tokens") or 0),
        finish_reason=choice.get("finish_reason"),
    )


def build_embed(entry: Entry, texts: Sequence[str], credential: str | None) -> HttpRequest:
    body: dict[str, Any] = {"model": entry.model_id, "input": list(texts), "encoding_format": "float"}
    if entry.dimensions is not None:
        body["dimensions"] = entry.dimensions
    return HttpRequest(f"{entry.provider.endpoint}/embeddings", headers(entry, credential), body)


def parse_embed(data: Any) -> EmbedReply:
    items = sorted(data["data"], key=lambda d: d["index"])
    usage = data.get("usage") or {}
    return EmbedReply(
        vectors=tuple(tuple(float(x) for x in d["embedding"]) for d in items),
        input_tokens=int(usage.get("prompt_tokens") or 0),
    )


def build_image(entry: Entry, prompt: str, options: Mapping[str, Any], credential: str | None) -> HttpRequest:
    body: dict[str, Any] = {"model": entry.model_id, "prompt": prompt}
    body.update(drop_none({"n": options.get("n"), "size": options.get("size")}))
    if _host(entry) not in OPENAI_HOSTS and options.get("steps") is not None:
        body["steps"] = options["steps"]
    return HttpRequest(f"{entry.provider.endpoint}/images/generations", headers(entry, credential), body)


def parse_image(data: Any) -> ImageReply:
    return ImageReply(tuple(Image(url=d.get("url"), b64_json=d.get("b64_json")) for d in data["data"]))


def classify_error(status: int, hdrs: Mapping[str, str], data: Any) -> ProviderError:
    err = data.get("error") if isinstance(data, dict) else None
    err = err if isinstance(err, dict) else {}
    message = str(err.get("message") or f"HTTP {status}")
    code = err.get("code")
    if code == "context_length_exceeded" or _CONTEXT_LIMIT.search(message):
        found = _CONTEXT_LIMIT.search(message)
        return ContextTooLong(message, status=status, limit_tokens=int(found.group(1)) if found else None)
    if code == "model_not_found" or (status == 404 and "model" in message.lower()):
        return ModelNotFound(message, status=status)
    if code == "insufficient_quota":
        return Rejected(message, status=status)
    return error_by_status(status, message, retry_after(hdrs))


ADAPTER = Adapter(
    build_chat=build_chat,
    parse_chat=parse_chat,
    classify_error=classify_error,
    build_embed=build_embed,
    parse_embed=parse_embed,
    build_image=build_image,
    parse_image=parse_image,
)
