"""Why a table on disk differs from a fresh compile (`modelcfg compile --check`); stdlib only."""

import json
from pathlib import Path


def stale_reason(path: Path, text: str, table: dict[str, object]) -> str | None:
    """Why the table on disk differs from a fresh compile, or None when it is current."""
    if not path.is_file():
        return f"{path} does not exist"
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
    if not isinstance(old, dict):
        return f"{path} is not a modelcfg table"
    if old.get("content_hash") != table["content_hash"]:
        return f"settings changed: content_hash {old.get('content_hash')} → {table['content_hash']}"
    if old.get("environment") != table["environment"]:
        return f"environment changed: {old.get('environment')} → {table['environment']}"
    if old.get("sources") != table["sources"]:
        return "source layers changed (a file was added, removed or edited)"
    return "the file's formatting differs from what compile writes"
