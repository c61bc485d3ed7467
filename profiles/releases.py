"""Dev-time only: LiteLLM's release history as a monthly sample of its model tables.

Every LiteLLM wheel ships `litellm/model_prices_and_context_window_backup.json`. This
module lists the releases (PyPI's JSON API, else `pip index versions`), picks the newest
release of each month from the oldest one that ships the table, downloads each wheel with
`pip download --no-deps`, keeps only that JSON member in a cache directory and deletes
the wheel. `modelcfg.profiles.derive --history CACHE` folds the cache into the catalog.

Never imported by the compiler, the linter or the runtime.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

PACKAGE = "litellm"
MEMBER = "litellm/model_prices_and_context_window_backup.json"
PYPI_JSON = "https://pypi.org/pypi/litellm/json"
MANIFEST = "releases.json"

_STABLE = re.compile(r"^\d+(?:\.\d+)*(?:\.post\d+)?$")


@dataclass(frozen=True, slots=True, order=True)
class Release:
    """One published version; ``published`` is None until a wheel tells us."""

    key: tuple[int, ...]
    version: str
    published: date | None = None


def release(version: str, published: date | None = None) -> Release:
    """A Release ordered by its numeric version (`1.9.0` < `1.10.0`)."""
    numbers = tuple(int(part) for part in re.findall(r"\d+", version))
    return Release(numbers, version, published)


def list_releases(fetch_json: Callable[[str], bytes] | None = None) -> list[Release]:
    """Stable releases with a wheel, oldest first: from PyPI's JSON API, else from pip."""
    try:
        raw = (fetch_json or _http_get)(PYPI_JSON)
    except OSError:
        return _pip_index_versions()
    return releases_from_pypi(json.loads(raw))


def releases_from_pypi(data: dict[str, object]) -> list[Release]:
    """Stable, non-yanked releases that have a wheel, dated by the wheel's upload."""
    found: list[Release] = []
    releases = data.get("releases", {})
    assert isinstance(releases, dict)
    for version, files in releases.items():
        wheels = [f for f in files if f["filename"].endswith(".whl") and not f.get("yanked")]
        if _STABLE.match(version) and wheels:
            uploaded = datetime.fromisoformat(wheels[0]["upload_time"]).date()
            found.append(release(version, uploaded))
    return sorted(found)


def monthly_sample(releases: Sequence[Release]) -> list[Release]:
    """The newest release of each month (and always the newest release overall)."""
    by_month: dict[tuple[int, int], Release] = {}
    for item in sorted(releases):
        if item.published is not None:
            by_month[(item.published.year, item.published.month)] = item
    sample = sorted(set(by_month.values()))
    if releases and max(releases) not in sample:
        sample.append(max(releases))
    return sample


def first_with_table(releases: Sequence[Release], has_table: Callable[[Release], bool]) -> int:
    """Index of the oldest release shipping the table (bisection: once shipped, it stays)."""
    low, high = 0, len(releases)
    while low < high:
        middle = (low + high) // 2
        if has_table(releases[middle]):
            high = middle
        else:
            low = middle + 1
    return low


def cached_table(cache: Path, item: Release) -> Path:
    """Where the table of ``item`` is kept in the cache."""
    return cache / f"{PACKAGE}-{item.version}.json"


def fetch_table(item: Release, cache: Path) -> Release | None:
    """Download ``item``'s wheel, keep its model table in ``cache``; None if it has none.

    The release date is the upload date when known, else the newest file date in the wheel.
    """
    tables, missing = read_manifest(cache)
    if item.version in tables and cached_table(cache, item).is_file():
        return tables[item.version]
    if item.version in missing:
        return None
    with tempfile.TemporaryDirectory(prefix="litellm-wheel-") as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                f"{PACKAGE}=={item.version}",
                "--no-deps",
                "--only-binary",
                ":all:",
                "-q",
                "-d",
                tmp,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            newest = max(datetime(*info.date_time, tzinfo=UTC).date() for info in archive.infolist())
            if MEMBER not in archive.namelist():
                _record(cache, item.version, None)
                return None
            cached_table(cache, item).write_bytes(archive.read(MEMBER))
    dated = release(item.version, item.published or newest)
    _record(cache, item.version, dated.published)
    return dated


def read_manifest(cache: Path) -> tuple[dict[str, Release], set[str]]:
    """Releases whose tables are in ``cache`` by version, and versions known to have none."""
    path = cache / MANIFEST
    if not path.is_file():
        return {}, set()
    raw = json.loads(path.read_text(encoding="utf-8"))
    tables = {version: release(version, date.fromisoformat(day)) for version, day in raw["tables"].items()}
    return tables, set(raw["missing"])


def _record(cache: Path, version: str, published: date | None) -> None:
    path = cache / MANIFEST
    raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"tables": {}, "missing": []}
    if published is None:
        raw["missing"] = sorted({*raw["missing"], version})
    else:
        raw["tables"][version] = published.isoformat()
    path.write_text(json.dumps(raw, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _http_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        body: bytes = response.read()
        return body


def _pip_index_versions() -> list[Release]:
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", PACKAGE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    listed = out.split("Available versions:", 1)[1].splitlines()[0]
    return sorted(release(v.strip()) for v in listed.split(",") if _STABLE.match(v.strip()))


def download_history(cache: Path, log: Callable[[str], None] = print) -> list[tuple[Release, Path]]:
    """One table per month in ``cache``, from the oldest release that ships one; oldest first."""
    cache.mkdir(parents=True, exist_ok=True)
    releases = list_releases()
    start = first_with_table(releases, lambda item: fetch_table(item, cache) is not None)
    if start == len(releases):
        raise LookupError(f"no {PACKAGE} release ships {MEMBER}")
    log(f"oldest release with {MEMBER}: {releases[start].version}")
    shipping = releases[start:]
    if any(item.published is None for item in shipping):
        picked = month_apart(shipping, lambda item: _published(fetch_table(item, cache), item))
    else:
        picked = sorted({shipping[0], *monthly_sample(shipping)})
    for item in picked:
        fetched = fetch_table(item, cache)
        log(f"{item.version}\t{fetched.published if fetched else 'no table'}")
    return cached_sample(cache, {item.version for item in picked})


def month_apart(releases: Sequence[Release], day_of: Callable[[Release], date]) -> list[Release]:
    """Releases no more than a month apart (or adjacent), dating as few as possible: for a
    package index without upload dates, where each date costs a wheel download."""
    picked = {0, len(releases) - 1}

    def fill(low: int, high: int) -> None:
        if high - low > 1 and (day_of(releases[high]) - day_of(releases[low])).days > 31:
            middle = (low + high) // 2
            picked.add(middle)
            fill(low, middle)
            fill(middle, high)

    fill(0, len(releases) - 1)
    return [releases[i] for i in sorted(picked)]


def cached_sample(cache: Path, versions: set[str] | None = None) -> list[tuple[Release, Path]]:
    """The sampled tables in ``cache`` (``versions``, else the oldest and one a month), oldest first."""
    tables, _ = read_manifest(cache)
    dated = sorted(tables.values())
    if versions is None:
        versions = {item.version for item in dated[:1] + monthly_sample(dated)}
    return [(item, cached_table(cache, item)) for item in dated if item.version in versions]


def _published(fetched: Release | None, item: Release) -> date:
    if fetched is None or fetched.published is None:
        raise LookupError(f"{PACKAGE} {item.version} has no {MEMBER}")
    return fetched.published


def default_cache() -> Path:
    """`$XDG_CACHE_HOME/modelcfg/litellm-history` (or the platform's cache directory)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("modelcfg")) / "litellm-history"


__all__ = [
    "Release",
    "cached_sample",
    "download_history",
    "first_with_table",
    "month_apart",
    "monthly_sample",
    "release",
]
