"""Table envelopes for tests, hashed as docs/table-format.md says (independently of the code under test)."""

import hashlib
import json
from typing import Any

#: The schema's defaults for `failover.retry` and `failover.breaker`, as a compiled table has them.
RETRY = {
    "attempts": 3,
    "backoff_initial_s": 0.5,
    "backoff_max_s": 8.0,
    "backoff_multiplier": 2.0,
    "jitter_s": 0.25,
    "total_timeout_s": 120.0,
    "retry_on_status": [408, 409, 429, 500, 502, 503, 504],
    "honor_retry_after": True,
    "retry_on_server_errors": True,
}
BREAKER = {
    "failure_threshold": 5,
    "cooldown_s": 30.0,
    "scope": "process",
    "redis_url_env": "MODELCFG_REDIS_URL",
}

#: `cache` of a table whose project enables no embedding cache tier, as the compiler writes it.
CACHE_OFF = {
    "embeddings": {
        "memory": {"enabled": False, "ttl_s": 300.0, "max_entries": 10000},
        "disk": {"enabled": False, "path": ".cache/modelcfg/embeddings", "size_limit_mb": 512, "ttl_s": None},
        "redis": {
            "enabled": False,
            "url_env": "MODELCFG_REDIS_URL",
            "ttl_s": 604800.0,
            "timeout_s": 0.05,
            "key_prefix": "modelcfg:emb:",
        },
    }
}


def envelope(body: dict[str, Any], environment: str | None = None) -> dict[str, Any]:
    """A table file's envelope around ``body`` with its content_hash."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {
        "format": 1,
        "content_hash": "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        "environment": environment,
        "sources": [],
        "body": body,
    }
