"""Whether a string is a secret, decided in one place, and the one function that masks them.

A secret is a string shaped like a provider API key (one of `KEY_PREFIXES` followed by at least
twelve key characters). `find_secret` looks at decoded text; `scan_tree` walks the keys and values
of a parsed tree; `mask_secrets` is applied to every string that leaves the process, and also
sees through the `\\uXXXX` / `\\xXX` escapes a source line may spell a key with.
"""

import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "ENV_NAME_RE",
    "KEY_PREFIXES",
    "find_secret",
    "mask",
    "mask_secrets",
    "scan_tree",
    "secret_kind",
]

#: Prefixes of provider API keys, longest first so the most specific one names the provider.
KEY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("sk-ant-", "Anthropic"),
    ("sk-or-v1-", "OpenRouter"),
    ("sk-proj-", "OpenAI"),
    ("sk-", "OpenAI-style"),
    ("gsk_", "Groq"),
    ("xai-", "xAI"),
    ("AIza", "Google"),
    ("hf_", "Hugging Face"),
    ("r8_", "Replicate"),
    ("ya29.", "Google OAuth"),
)

_SECRET_RE = re.compile(
    "(?<![A-Za-z0-9_-])(?:" + "|".join(re.escape(p) for p, _ in KEY_PREFIXES) + r")[A-Za-z0-9_\-.]{12,}"
)
_ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2}))")
ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: A tree path: mapping keys and list indexes from the root.
TreePath = tuple[str | int, ...]


#: Literals every key starts with (`sk-` covers the longer `sk-…` prefixes).
_KEY_STARTS = tuple(
    p for p, _ in KEY_PREFIXES if not any(p != q and p.startswith(q) for q, _ in KEY_PREFIXES)
)
#: From this length on, a text is first searched for the bare prefixes (3× faster than the regex).
_PREFILTER_LENGTH = 1024


def find_secret(text: str) -> str | None:
    """Return the first literal API key in ``text``, or None."""
    if len(text) >= _PREFILTER_LENGTH and not any(start in text for start in _KEY_STARTS):
        return None  # a whole file or tree without one key prefix: the common case
    match = _SECRET_RE.search(text)
    return match.group(0) if match else None


def mask(secret: str) -> str:
    """Show only enough of a secret to recognise it: ``sk-ant-…3f9a``."""
    for prefix, _ in KEY_PREFIXES:
        if secret.startswith(prefix):
            return f"{prefix}…{secret[-4:]}" if len(secret) > len(prefix) + 8 else f"{prefix}…"
    return "…" + secret[-4:] if len(secret) > 8 else "…"


def mask_secrets(text: str) -> str:
    """``text`` with every API key masked; a line that spells a key with escapes is shown decoded."""
    if "\\" in text:
        decoded = _ESCAPE_RE.sub(_unescape, text)
        if decoded != text and _SECRET_RE.search(decoded):
            text = decoded
    return _SECRET_RE.sub(lambda m: mask(m.group(0)), text)


def _unescape(match: re.Match[str]) -> str:
    code = int(next(group for group in match.groups() if group is not None), 16)
    return chr(code) if code < 0x110000 else match.group(0)


def secret_kind(secret: str) -> str:
    """Which provider a key looks like it belongs to."""
    return next((name for prefix, name in KEY_PREFIXES if secret.startswith(prefix)), "an API")


def scan_tree(tree: Any) -> Iterator[tuple[TreePath, str, bool]]:
    """Every (path, secret, is_key) in a parsed tree: keys of mappings and string values alike."""
    if find_secret("\n".join(_strings(tree))) is None:  # one search: the common, clean case
        return
    stack: list[tuple[TreePath, Any]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            secret = find_secret(node)
            if secret is not None:
                yield path, secret, False
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and (secret := find_secret(key)) is not None:
                    yield (*path, key), secret, True
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))


def _strings(tree: Any) -> list[str]:
    """Every string key and value of ``tree``, in no particular order (one list: no generator per string)."""
    if isinstance(tree, str):
        return [tree]
    found: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str):
                    found.append(key)
                if isinstance(value, str):
                    found.append(value)
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            for value in node:
                if isinstance(value, str):
                    found.append(value)
                elif isinstance(value, dict | list):
                    stack.append(value)
    return found
