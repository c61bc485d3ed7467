"""Model families: which ids are the same product line (`claude-3-opus` and `claude-opus-4-6`).

A family is the brand (the first word of the id, past any `vendor/`) and its tier (`opus`,
`mini`, `flash`, ...): did-you-mean and successors stay inside a family, so a retired
Opus is never answered with a Haiku. Stdlib only.
"""

from __future__ import annotations

import functools
import re

#: Size and speed tiers, most specific first (`gpt-4o-mini-tts`: mini, not tts).
TIERS = (
    "opus", "sonnet", "haiku", "instant",
    "embedding", "embed", "nano", "mini", "lite", "flash", "pro", "ultra", "max", "plus",
    "turbo", "large", "medium", "small", "tiny", "fast", "coder", "code", "vision", "instruct",
)  # fmt: skip
_TIER_ORDER = {tier: rank for rank, tier in enumerate(TIERS)}

#: Brand spellings that are one product line.
BRANDS = {"chatgpt": "gpt", "meta": "llama", "llama2": "llama", "llama3": "llama", "codellama": "llama"}

_WORD = re.compile(r"[a-z]+")
_O_SERIES = re.compile(r"^o\d")


@functools.lru_cache(maxsize=8192)
def family_of(model_id: str) -> str | None:
    """`brand/tier` of a model id (`claude/opus`, `gpt/mini`, `gemini/flash`), None if it has no words."""
    name = model_id.lower().rsplit("/", 1)[-1]
    if _O_SERIES.match(name):
        brand = "o"
    else:
        first = _WORD.search(name)
        if first is None:
            return None
        brand = BRANDS.get(first.group(), first.group())
    words = _WORD.findall(name)
    tiers = sorted((w for w in words if w in _TIER_ORDER), key=_TIER_ORDER.__getitem__)
    return f"{brand}/{tiers[0] if tiers else ''}"
