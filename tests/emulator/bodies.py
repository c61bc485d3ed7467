"""Response bodies of each provider API, as the real services shape them.

Success bodies parse with the official SDKs' types (tests prove it); error bodies
follow each API's documented error shape, including its own context-length and
model-not-found errors.
"""

from __future__ import annotations

import hashlib
import struct
import time
from typing import Any

_ANTHROPIC_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}
_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def vector(text: str, dims: int) -> list[float]:
    """A deterministic unit-ish vector for a text (same text, same vector)."""
    out: list[float] = []
    counter = 0
    while len(out) < dims:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        out.extend((x / 2**31) - 1.0 for x in struct.unpack("8I", digest))
        counter += 1
    return [round(v, 6) for v in out[:dims]]


def tokens(text: str) -> int:
    return max(1, len(text) // 4)


def reply_text(prompt: str) -> str:
    return f"echo: {prompt[:60]}"


def openai_chat(model: str, prompt: str, prompt_tokens: int) -> dict[str, Any]:
    text = reply_text(prompt)
    return {
        "id": "chatcmpl-emulator",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": tokens(text),
            "total_tokens": prompt_tokens + tokens(text),
        },
    }


def openai_embeddings(model: str, texts: list[str], dims: int) -> dict[str, Any]:
    used = sum(tokens(t) for t in texts)
    return {
        "object": "list",
        "data": [
            {"object": "embedding", "index": i, "embedding": vector(t, dims)} for i, t in enumerate(texts)
        ],
        "model": model,
        "usage": {"prompt_tokens": used, "total_tokens": used},
    }


def openai_images(prompt: str, n: int) -> dict[str, Any]:
    return {
        "created": int(time.time()),
        "data": [{"url": f"https://images.example/{i}.png", "revised_prompt": prompt} for i in range(n)],
    }


def anthropic_message(model: str, prompt: str, prompt_tokens: int) -> dict[str, Any]:
    text = reply_text(prompt)
    return {
        "id": "msg_emulator",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": prompt_tokens, "output_tokens": tokens(text)},
    }


def gemini_content(model: str, prompt: str, prompt_tokens: int) -> dict[str, Any]:
    text = reply_text(prompt)
    return {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP", "index": 0}
        ],
        "usageMetadata": {
            "promptTokenCount": prompt_tokens,
            "candidatesTokenCount": tokens(text),
            "totalTokenCount": prompt_tokens + tokens(text),
        },
        "modelVersion": model,
    }


def gemini_embeddings(texts: list[str], dims: int) -> dict[str, Any]:
    return {"embeddings": [{"values": vector(t, dims)} for t in texts]}


def error(api: str, status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The API's error envelope for a status."""
    if api == "anthropic":
        return {
            "type": "error",
            "error": {"type": _ANTHROPIC_TYPES.get(status, "api_error"), "message": message},
        }
    if api in ("gemini", "vertex"):
        return {
            "error": {"code": status, "message": message, "status": _GOOGLE_STATUS.get(status, "UNKNOWN")}
        }
    kind = "invalid_request_error" if status < 500 else "server_error"
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def context_length(api: str, limit: int) -> tuple[int, dict[str, Any]]:
    """Each API's own "prompt too long" error."""
    if api in ("anthropic", "vertex"):
        return 400, error("anthropic", 400, f"prompt is too long: {limit + 1234} tokens > {limit} maximum")
    if api == "gemini":
        msg = (
            f"The input token count ({limit + 1234}) exceeds the maximum number of tokens allowed ({limit})."
        )
        return 400, error("gemini", 400, msg)
    msg = (
        f"This model's maximum context length is {limit} tokens. However, your messages resulted in "
        f"{limit + 1234} tokens. Please reduce the length of the messages."
    )
    return 400, error("openai", 400, msg, code="context_length_exceeded")


def model_not_found(api: str, model: str) -> tuple[int, dict[str, Any]]:
    if api == "anthropic":
        return 404, error("anthropic", 404, f"model: {model}")
    if api == "gemini":
        msg = f"models/{model} is not found for API version v1beta, or is not supported for generateContent."
        return 404, error("gemini", 404, msg)
    if api == "vertex":
        msg = f"Publisher Model `{model}` was not found or your project does not have access to it."
        return 404, error("vertex", 404, msg)
    msg = f"The model `{model}` does not exist or you do not have access to it."
    return 404, error("openai", 404, msg, code="model_not_found")
