"""What the Runtime's calls return: the answer, the model that actually served it, usage, attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import Attempt
from .usage import Usage
from .wire import Image


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
