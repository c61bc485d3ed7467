"""Local and self-hosted servers: is an endpoint private, and which open-weight family is a name.

A provider on loopback, a private network (RFC 1918, RFC 4193, link-local, CGNAT) or a
local name (`localhost`, `*.local`, `*.internal`, `*.lan`, `host.docker.internal`, a
single-label compose service name like `ollama` or `vllm-main`) serves
whatever its operator pulled: `llama3.2`, `NousResearch/Hermes-3-Llama-3.1-8B-GGUF`.
Such names are checked against open-weight families, not a cloud catalog. Stdlib only.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

LOCAL_SUFFIXES = (".local", ".internal", ".lan", ".home.arpa", ".localhost")
LOCAL_HOSTS = frozenset(
    {"localhost", "host.docker.internal", "gateway.docker.internal", "host.containers.internal"}
)
_PUBLIC_TLD = re.compile(r"\.[a-z]{2,63}$|\.xn--[a-z0-9-]+$")
_IP_LIKE = re.compile(r"^[\d.]+$|:")

#: Open-weight families local servers (Ollama, llama.cpp, vLLM, LM Studio, LocalAI) serve.
FAMILIES = (
    "llama", "codellama", "tinyllama", "llava", "mistral", "mixtral", "codestral", "devstral", "ministral",
    "qwen", "qwq", "gemma", "codegemma", "embeddinggemma", "medgemma", "internvl",
    "phi", "deepseek", "hermes", "nous", "command-r", "aya",
    "starcoder", "granite", "olmo", "smollm", "falcon", "yi", "vicuna", "orca", "zephyr", "openchat",
    "dolphin", "wizardlm", "wizardcoder", "solar", "internlm", "glm", "chatglm", "minicpm", "gpt-oss",
    "nemotron", "exaone", "kimi", "moondream", "bakllava", "stablelm", "openhermes", "neural-chat",
    "nomic-embed", "mxbai-embed", "all-minilm", "bge", "snowflake-arctic-embed", "e5", "gte", "jina",
    "bert", "flux", "stable-diffusion", "sdxl", "whisper", "cogito", "magistral", "seed-oss", "lfm",
)  # fmt: skip
_FAMILY = re.compile(
    r"(?:^|[/_\-.:\s])(" + "|".join(sorted(map(re.escape, FAMILIES), key=len, reverse=True)) + r")",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=256)
def is_private_endpoint(endpoint: str) -> bool:
    """True for an endpoint on this machine or a private network."""
    host = (urlsplit(endpoint).hostname or "").lower().rstrip(".")
    if host in LOCAL_HOSTS or host.endswith(LOCAL_SUFFIXES):
        return True
    if _IP_LIKE.search(host):
        return _private_address(host)
    # no public top-level domain (`ollama`, `vllm-main`, `llama-3.2-1b`): a compose service name
    return bool(host) and not _PUBLIC_TLD.search(host)


def _private_address(host: str) -> bool:
    import ipaddress  # only for literal addresses: most endpoints are names

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    cgnat = ipaddress.ip_network("100.64.0.0/10")
    return address.is_private or address.is_loopback or address.is_link_local or address in cgnat


def local_family(model_id: str) -> str | None:
    """The open-weight family a local model name belongs to (`llama3.2` -> `llama`), or None."""
    match = _FAMILY.search(model_id.rsplit("/", 1)[-1]) or _FAMILY.search(model_id)
    return match.group(1).lower() if match else None
