"""Token estimates and the seed's truncateAndRetry: drop the oldest context until it fits."""

from __future__ import annotations

from collections.abc import Sequence

from .wire import Message

CHARS_PER_TOKEN = 4  # a deliberately rough estimate; the safety margin below absorbs it
PER_MESSAGE = 4  # role and framing tokens
SAFETY = 0.9


def estimate_tokens(messages: Sequence[Message]) -> int:
    return sum(len(m["content"]) // CHARS_PER_TOKEN + PER_MESSAGE for m in messages)


def truncate_oldest(messages: Sequence[Message], limit_tokens: int) -> list[Message]:
    """Keep system messages and the newest turns within SAFETY × limit_tokens.

    Whole turns are dropped oldest first; if the newest turn alone is too long, its
    beginning is cut (the end of a prompt is usually the question).
    """
    budget = int(limit_tokens * SAFETY)
    system = [m for m in messages if m["role"] == "system"]
    turns = [m for m in messages if m["role"] != "system"]
    used = estimate_tokens(system)
    kept: list[Message] = []
    for m in reversed(turns):
        cost = estimate_tokens([m])
        if used + cost > budget:
            if not kept:
                room = max(0, (budget - used - PER_MESSAGE) * CHARS_PER_TOKEN)
                kept.append(
                    {"role": m["role"], "content": m["content"][len(m["content"]) - room :] if room else ""}
                )
            break
        kept.append(m)
        used += cost
    while len(kept) > 1 and kept[-1]["role"] == "assistant":  # APIs want a user turn first
        kept.pop()
    return system + kept[::-1]
