"""Anthropic Messages API: `x-api-key`, `anthropic-version`, the system prompt apart, `stop_sequences`.

Sampling goes as `temperature`, `top_p` and `top_k` to the models that accept it; the
table's `unsupported_settings` lists what a model refuses (Claude 5.5 refuses sampling,
and the anthropic SDK 2.x types, written for those models, omit the three). The API has
no penalties or seed: those are never sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..backoff import retry_after
from ..errors import ContextTooLong, ModelNotFound, ProviderError, RateLimited, Unavailable
from ..table import Entry
from ..wire import Adapter, HttpRequest, Message, TextReply, error_by_status

API_VERSION = "2023-06-01"
SAMPLING = ("temperature", "top_p", "top_k")
DEFAULT_MAX_TOKENS = 4096  # the API requires max_tokens; used when the table has no window
_TOO_LONG = re.compile(r"prompt is too long|exceed context limit|too many (input )?tokens", re.I)
_LIMIT = re.compile(r"(?:> |maximum of |limit of )(\d+)")


def body(
    entry: Entry, messages: Sequence[Message], settings: Mapping[str, Any], max_tokens: int | None
) -> dict[str, Any]:
    """The Messages body shared with Claude on Vertex (which moves `model` into the URL)."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    out: dict[str, Any] = {
        "model": entry.model_id,
        "max_tokens": max_tokens or entry.max_output_tokens or DEFAULT_MAX_TOKENS,
        "messages": [{"role": m["role"], "content": m["content"]} for m in messages if m["role"] != "system"],
    }
    if system:
        out["system"] = system
    stop = list(settings.get("stop") or ())
    if stop:
        out["stop_sequences"] = stop
    for key in SAMPLING:
        if settings.get(key) is not None:
            out[key] = settings[key]
    return out


def build_chat(
    entry: Entry,
    messages: Sequence[Message],
    settings: Mapping[str, Any],
    max_tokens: int | None,
    credential: str | None,
) -> HttpRequest:
    headers = {"content-type": "application/json", "anthropic-version": API_VERSION, **entry.provider.headers}
    if credential:
        headers["x-api-key"] = credential
    return HttpRequest(
        f"{entry.provider.endpoint}/messages", headers, body(entry, messages, settings, max_tokens)
    )


def parse_chat(data: Any) -> TextReply:
    usage = data.get("usage") or {}
    text = "".join(block.get("text", "") for block in data["content"] if block.get("type") == "text")
    return TextReply(
        text=text,
        input_tokens=int(usage.get("input_tokens") or 0),
        output_tokens=int(usage.get("output_tokens") or 0),
        finish_reason=data.get("stop_reason"),
    )


def classify_error(status: int, hdrs: Mapping[str, str], data: Any) -> ProviderError:
    err = data.get("error") if isinstance(data, dict) else None
    err = err if isinstance(err, dict) else {}
    kind, message = err.get("type"), str(err.get("message") or f"HTTP {status}")
    wait = retry_after(hdrs)
    if status in (400, 413) and _TOO_LONG.search(message):
        found = _LIMIT.search(message)
        return ContextTooLong(message, status=status, limit_tokens=int(found.group(1)) if found else None)
    if kind == "not_found_error" or status == 404:
        return ModelNotFound(message, status=status)
    if kind == "rate_limit_error":
        return RateLimited(message, status=status, retry_after_s=wait)
    if kind in ("overloaded_error", "api_error"):
        return Unavailable(message, status=status, retry_after_s=wait)
    return error_by_status(status, message, wait)


ADAPTER = Adapter(build_chat=build_chat, parse_chat=parse_chat, classify_error=classify_error)
