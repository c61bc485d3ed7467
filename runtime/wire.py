"""Plain values passed between the runtime and the wire-protocol adapters."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ContextTooLong, ModelNotFound, ProviderError, RateLimited, Rejected, Unavailable
from .table import Entry

Message = Mapping[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """What to POST: the adapter builds it, the transport sends it."""

    url: str
    headers: Mapping[str, str]
    json: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class TextReply:
    text: str
    input_tokens: int
    output_tokens: int
    finish_reason: str | None = None


@dataclass(frozen=True, slots=True)
class EmbedReply:
    vectors: tuple[tuple[float, ...], ...]
    input_tokens: int = 0


@dataclass(frozen=True, slots=True)
class Image:
    url: str | None = None
    b64_json: str | None = None


@dataclass(frozen=True, slots=True)
class ImageReply:
    images: tuple[Image, ...]


@dataclass(frozen=True, slots=True)
class Adapter:
    """One wire protocol: pure functions from our values to HTTP and back."""

    build_chat: Callable[[Entry, Sequence[Message], Mapping[str, Any], int | None, str | None], HttpRequest]
    parse_chat: Callable[[Any], TextReply]
    classify_error: Callable[[int, Mapping[str, str], Any], ProviderError]
    build_embed: Callable[[Entry, Sequence[str], str | None], HttpRequest] | None = None
    parse_embed: Callable[[Any], EmbedReply] | None = None
    build_image: Callable[[Entry, str, Mapping[str, Any], str | None], HttpRequest] | None = None
    parse_image: Callable[[Any], ImageReply] | None = None


def error_by_status(status: int, message: str, retry_after_s: float | None) -> ProviderError:
    """The fallback classification when an API's error body says nothing more specific."""
    if status == 429:
        return RateLimited(message, status=status, retry_after_s=retry_after_s)
    if status == 404:
        return ModelNotFound(message, status=status)
    if status == 413:
        return ContextTooLong(message, status=status)
    if status in (408, 409) or status >= 500:
        return Unavailable(message, status=status, retry_after_s=retry_after_s)
    return Rejected(message, status=status)


def drop_none(d: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only keys with a value (absent means "not sent")."""
    return {k: v for k, v in d.items() if v is not None and v != []}
