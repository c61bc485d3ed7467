"""Recognising literal API keys, so configs only ever name environment variables."""

import re

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
ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def find_secret(text: str) -> str | None:
    """Return the first literal API key in ``text``, or None."""
    match = _SECRET_RE.search(text)
    return match.group(0) if match else None


def mask(secret: str) -> str:
    """Show only enough of a secret to recognise it: ``sk-ant-…3f9a``."""
    for prefix, _ in KEY_PREFIXES:
        if secret.startswith(prefix):
            return f"{prefix}…{secret[-4:]}" if len(secret) > len(prefix) + 8 else f"{prefix}…"
    return "…" + secret[-4:] if len(secret) > 8 else "…"


def secret_kind(secret: str) -> str:
    """Which provider a key looks like it belongs to."""
    return next((name for prefix, name in KEY_PREFIXES if secret.startswith(prefix)), "an API")
