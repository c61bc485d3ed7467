"""Why a table on disk differs from a fresh compile (`modelcfg compile --check`); stdlib only."""

import hashlib
import json
from pathlib import Path
from typing import Any


def stale_reason(path: Path, text: str, table: dict[str, object]) -> str | None:
    """Why the table on disk differs from a fresh compile, or None when it is current."""
    if not path.is_file():
        return f"{path} does not exist" if not path.exists() else f"{path} is not a regular file"
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path} cannot be read ({exc})"
    if current == text:
        return None
    try:
        old = json.loads(current)
    except ValueError:
        return f"{path} is not valid JSON"
    except RecursionError:
        return f"{path} is nested too deeply to be a modelcfg table"
    if not isinstance(old, dict) or "body" not in old:
        return f"{path} is not a modelcfg table"
    if not _hash_matches(old):
        return "the table was edited by hand: its body no longer matches its content_hash"
    if old.get("content_hash") != table["content_hash"]:
        return f"settings changed: content_hash {old.get('content_hash')} → {table['content_hash']}"
    if old.get("environment") != table["environment"]:
        return f"environment changed: {old.get('environment')} → {table['environment']}"
    if old.get("sources") != table["sources"]:
        return "source layers changed (a file was added, removed or edited)"
    return "the file's formatting differs from what compile writes"


def _hash_matches(envelope: dict[str, Any]) -> bool:
    """Whether the body still hashes to the stated content_hash (docs/table-format.md)."""
    try:
        canonical = json.dumps(envelope["body"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except RecursionError:
        return False
    return envelope.get("content_hash") == "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
