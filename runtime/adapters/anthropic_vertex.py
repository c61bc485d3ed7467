"""Claude on Vertex AI: the Messages body with `anthropic_version: vertex-2023-10-16`, POSTed
to the model's `rawPredict` URL built from project, region and model, with a bearer token."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import Rejected
from ..table import Entry
from ..wire import Adapter, HttpRequest, Message
from . import anthropic

VERTEX_VERSION = "vertex-2023-10-16"


def base_url(entry: Entry) -> str:
    """The table's endpoint if set, else Vertex's regional (or global) host."""
    if entry.provider.endpoint:
        return entry.provider.endpoint
    region = entry.provider.vertex_region or "global"
    host = "aiplatform.googleapis.com" if region == "global" else f"{region}-aiplatform.googleapis.com"
    return f"https://{host}/v1"


def url(entry: Entry) -> str:
    p = entry.provider
    if not p.vertex_project or not p.vertex_region:
        raise Rejected(f"provider `{p.name}` needs vertex.project and vertex.region for the rawPredict URL")
    return (
        f"{base_url(entry)}/projects/{p.vertex_project}/locations/{p.vertex_region}"
        f"/publishers/anthropic/models/{entry.model_id}:rawPredict"
    )


def build_chat(
    entry: Entry,
    messages: Sequence[Message],
    settings: Mapping[str, Any],
    max_tokens: int | None,
    credential: str | None,
) -> HttpRequest:
    payload = anthropic.body(entry, messages, settings, max_tokens)
    del payload["model"]
    payload["anthropic_version"] = VERTEX_VERSION
    headers = {"content-type": "application/json", **entry.provider.headers}
    if credential:
        headers["authorization"] = f"Bearer {credential}"
    return HttpRequest(url(entry), headers, payload)


ADAPTER = Adapter(
    build_chat=build_chat, parse_chat=anthropic.parse_chat, classify_error=anthropic.classify_error
)
