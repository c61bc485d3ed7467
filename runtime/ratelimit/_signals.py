"""Read a provider's rate-limit headers into what the limiter should do next.

Understood: `Retry-After` (seconds or an HTTP date) and `retry-after-ms` (read by
backoff.retry_after, the one parser the retry loop uses too), OpenAI's
`x-ratelimit-{remaining,reset}-{requests,tokens}` (resets like `6m0s`, `20ms`) and
Anthropic's `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{remaining,reset}`
(resets as RFC 3339 times). Unreadable values are ignored: a header never breaks a call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..backoff import retry_after

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_S = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
_OPENAI = ("requests", "tokens")
_ANTHROPIC = ("requests", "tokens", "input-tokens")
#: a provider's "come back in" is capped: a wrong header must not stall a fleet for hours
MAX_BLOCK_S = 300.0


@dataclass(frozen=True, slots=True)
class Signals:
    """What the provider told us: send nothing for `block_s`; `tokens_remaining` in its budget."""

    block_s: float = 0.0
    tokens_remaining: int | None = None

    def __bool__(self) -> bool:
        return self.block_s > 0 or self.tokens_remaining is not None


NO_SIGNALS = Signals()


def read_signals(headers: Mapping[str, str] | None, wall_now: float) -> Signals:
    """Signals in `headers` (any case); `wall_now` is the Unix time, for absolute resets."""
    if not headers:
        return NO_SIGNALS
    h = {k.lower(): v for k, v in headers.items()}
    block = retry_after(h, wall_now) or 0.0
    remaining_tokens: list[int] = []
    for kind in _OPENAI:
        left = _int(h.get(f"x-ratelimit-remaining-{kind}"))
        if left is not None and kind == "tokens":
            remaining_tokens.append(left)
        if left == 0:
            block = max(block, _duration(h.get(f"x-ratelimit-reset-{kind}")))
    for kind in _ANTHROPIC:
        left = _int(h.get(f"anthropic-ratelimit-{kind}-remaining"))
        if left is not None and kind != "requests":
            remaining_tokens.append(left)
        if left == 0:
            block = max(block, _until(h.get(f"anthropic-ratelimit-{kind}-reset"), wall_now))
    tokens = min(remaining_tokens) if remaining_tokens else None
    block = min(block, MAX_BLOCK_S)
    if block <= 0 and tokens is None:
        return NO_SIGNALS
    return Signals(block_s=block, tokens_remaining=tokens)


def _duration(value: str | None) -> float:
    """OpenAI's reset durations: `1s`, `6m0s`, `20ms`, `1h2m3.5s`, or plain seconds."""
    if not value:
        return 0.0
    try:
        return float(value)
    except ValueError:
        pass
    return sum(float(n) * _UNIT_S[unit] for n, unit in _DURATION.findall(value))


def _until(value: str | None, wall_now: float) -> float:
    if not value:
        return 0.0
    try:
        return datetime.fromisoformat(value).timestamp() - wall_now
    except ValueError:
        return 0.0


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None
