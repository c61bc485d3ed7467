"""`modelcfg catalog update`: refresh the user's catalog from LiteLLM's price list.

Reads the list from a file or an http(s) URL, folds it over the catalog it refreshes (what
the catalog knew carries over; models that disappeared are kept and marked retired as of
today) and writes it atomically. Every failure is an `UpdateError` naming the file or URL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any


class UpdateError(ValueError):
    """The source cannot be read or is not a price list, or the target is not a catalog of ours."""


def update_catalog(source: str, target: Path, today: dt.date | None = None) -> str:
    """Refresh ``target`` (built on the built-in catalog when absent) from ``source``; a summary line."""
    from . import derive
    from .catalog import CATALOG_PATH
    from .history import UPDATE_PREFIX, Snapshot, fold

    fresh = derive.from_document(read_source(source))
    if not any(fresh[0].values()):
        raise UpdateError(
            f"no models found in {source}: is it LiteLLM's model_prices_and_context_window.json?"
        )
    before = read_catalog_file(target if target.is_file() else CATALOG_PATH)
    day = (today or dt.date.today()).isoformat()
    catalog = fold([Snapshot(UPDATE_PREFIX + day, day, *fresh)], base=before)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        derive.write_atomic(target, derive.dumps(catalog))
    except OSError as exc:
        raise UpdateError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return _summary(before["models"], catalog["models"], target)


def read_source(source: str) -> dict[str, Any]:
    """Parsed JSON from a file or an http(s) URL."""
    try:
        if source.startswith(("http://", "https://")):
            import httpx

            response = httpx.get(source, timeout=30.0, follow_redirects=True)
            response.raise_for_status()
            text = response.text
        else:
            text = Path(source).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise UpdateError(f"cannot read {source}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise UpdateError(f"{source}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from exc
    except Exception as exc:  # httpx errors: connection, status, timeouts
        raise UpdateError(f"cannot fetch {source}: {exc}") from exc
    if not isinstance(data, dict):
        raise UpdateError(f"{source}: expected a JSON object of models")
    return data


def read_catalog_file(path: Path) -> dict[str, Any]:
    """A catalog of ours to refresh."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UpdateError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise UpdateError(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or "models" not in data:
        raise UpdateError(f"{path}: not a modelcfg catalog; delete it or pass -o elsewhere")
    return data


def _summary(before: dict[str, Any], after: dict[str, Any], target: Path) -> str:
    def ids(models: dict[str, Any], retired: bool) -> set[tuple[str, str]]:
        return {
            (ns, m) for ns, e in models.items() for m, f in e.items() if bool(f.get("retired")) == retired
        }

    added = ids(after, False) - ids(before, False) - ids(before, True)
    newly_retired = ids(after, True) - ids(before, True)
    total = sum(len(e) for e in after.values())
    return f"wrote {target}: {total} models, {len(added)} new, {len(newly_retired)} newly retired"
