"""Send one HttpRequest with httpx and turn whatever happens into a reply or a ProviderError.

This is where httpx exceptions enter and are translated; nothing above sees them. Not only
httpx's own: whatever the client raises while sending (a header that is not ASCII, a client
bound to an event loop that has closed) becomes one of ours, so a caller's `except
ModelcfgError` is complete and the failover walk can move on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from .errors import BadResponse, ProviderError, Rejected, Unavailable
from .wire import HttpRequest

Parse = Callable[[Any], Any]
Classify = Callable[[int, Mapping[str, str], Any], ProviderError]
Exchanged = tuple[Any, ProviderError | None, Mapping[str, str]]
_NO_HEADERS: Mapping[str, str] = {}


def exchange(
    client: httpx.Client, req: HttpRequest, timeout_s: float, parse: Parse, classify: Classify
) -> Exchanged:
    try:
        resp = client.post(req.url, content=_encode(req), headers=req.headers, timeout=timeout_s)
    except Exception as exc:  # every failure to send is translated (module docstring)
        return None, transport_error(exc, timeout_s), _NO_HEADERS
    return interpret(resp.status_code, resp.headers, resp.content, parse, classify)


async def aexchange(
    client: httpx.AsyncClient, req: HttpRequest, timeout_s: float, parse: Parse, classify: Classify
) -> Exchanged:
    try:
        resp = await client.post(req.url, content=_encode(req), headers=req.headers, timeout=timeout_s)
    except Exception as exc:  # every failure to send is translated (module docstring)
        return None, transport_error(exc, timeout_s), _NO_HEADERS
    return interpret(resp.status_code, resp.headers, resp.content, parse, classify)


def interpret(
    status: int, headers: Mapping[str, str], content: bytes, parse: Parse, classify: Classify
) -> Exchanged:
    """Pure: a status, headers and body become (reply, None, headers) or (None, error, headers)."""
    try:
        data = json.loads(content) if content else None
    except ValueError:
        data = None
    if 200 <= status < 300:
        if data is None:
            return None, BadResponse(f"HTTP {status} with a body that is not JSON", status=status), headers
        try:
            return parse(data), None, headers
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            return (
                None,
                BadResponse(f"unexpected response shape ({type(exc).__name__}: {exc})", status=status),
                headers,
            )
    return None, classify(status, headers, data), headers


def _encode(req: HttpRequest) -> bytes:
    return json.dumps(req.json, ensure_ascii=False).encode("utf-8")


def transport_error(exc: Exception, timeout_s: float) -> ProviderError:
    """The library's error for an exception raised while sending (no HTTP status came back)."""
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return Rejected(f"the provider's endpoint is not a usable URL ({exc}); fix `endpoint` in the config")
    if isinstance(exc, httpx.LocalProtocolError):  # ours to fix (say, a control character in a header)
        return Rejected("the request is not valid HTTP (LocalProtocolError); check `headers` and the API key")
    if isinstance(exc, httpx.TimeoutException):
        return Unavailable(f"no answer within timeout_s={timeout_s} ({type(exc).__name__})")
    if isinstance(exc, httpx.HTTPError):
        return Unavailable(f"connection failed ({type(exc).__name__}: {exc})")
    if isinstance(exc, UnicodeEncodeError):  # the value may be a key: never echo it
        return Rejected(
            "a header value is not ASCII (HTTP headers must be): check `headers` in the config "
            "and the API key's environment variable"
        )
    return Unavailable(f"the HTTP client failed ({type(exc).__name__}: {exc})")
