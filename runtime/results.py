"""What the Runtime's calls return: the answer, the model that actually served it, usage, attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .errors import Attempt, BadResponse
from .failover import Served
from .usage import Usage
from .wire import EmbedReply, Image, ImageReply, TextReply


@dataclass(frozen=True, slots=True)
class TextResult:
    text: str
    provider: str
    model: str
    model_class: str
    usage: Usage
    latency_s: float
    finish_reason: str | None
    attempts: tuple[Attempt, ...]  # every try, the successful one last


@dataclass(frozen=True, slots=True)
class EmbedResult:
    vectors: tuple[Sequence[float], ...]  # one per input text, in input order (array("f") when cached)
    provider: str
    model: str
    usage: Usage
    latency_s: float
    attempts: tuple[Attempt, ...]


@dataclass(frozen=True, slots=True)
class ImageResult:
    images: tuple[Image, ...]
    provider: str
    model: str
    latency_s: float
    attempts: tuple[Attempt, ...]


def usage_of(value: Any) -> Usage | None:
    if isinstance(value, TextReply):
        return Usage(value.input_tokens, value.output_tokens)
    if isinstance(value, EmbedReply):
        return Usage(value.input_tokens, 0)
    if isinstance(value, ImageReply):
        return Usage()
    return None


def text_result(served: Served) -> TextResult:
    reply: TextReply = served.value
    return TextResult(
        text=reply.text,
        provider=served.entry.provider.name,
        model=served.entry.model_id,
        model_class=served.entry.model_class,
        usage=Usage(reply.input_tokens, reply.output_tokens),
        latency_s=total_latency(served.attempts),
        finish_reason=reply.finish_reason,
        attempts=served.attempts,
    )


def embed_result(parts: list[Served]) -> EmbedResult:
    if not parts:
        raise BadResponse("nothing to embed: the list of texts is empty")
    vectors = tuple(v for p in parts for v in p.value.vectors)
    attempts = tuple(a for p in parts for a in p.attempts)
    return EmbedResult(
        vectors=vectors,
        provider=parts[-1].entry.provider.name,
        model=parts[-1].entry.model_id,
        usage=Usage(sum(p.value.input_tokens for p in parts), 0),
        latency_s=total_latency(attempts),
        attempts=attempts,
    )


def image_result(served: Served) -> ImageResult:
    return ImageResult(
        images=served.value.images,
        provider=served.entry.provider.name,
        model=served.entry.model_id,
        latency_s=total_latency(served.attempts),
        attempts=served.attempts,
    )


def total_latency(attempts: Sequence[Attempt]) -> float:
    return sum(a.latency_s for a in attempts)
