"""The catalog's life data from LiteLLM's release history, on small synthetic releases (no network)."""

import itertools
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from modelcfg.profiles import derive
from modelcfg.profiles.catalog import Catalog
from modelcfg.profiles.history import Snapshot, fold
from modelcfg.profiles.releases import (
    MEMBER,
    cached_sample,
    fetch_table,
    first_with_table,
    month_apart,
    monthly_sample,
    read_manifest,
    release,
    releases_from_pypi,
)


def _chat(provider: str, **facts: Any) -> dict[str, Any]:
    return {"litellm_provider": provider, "mode": "chat", **facts}


#: Four releases: an Anthropic model appears, changes its window, and drops out; OpenRouter vanishes
#: from the last release (a gap in the data, not a retirement); 2023's `max_tokens` is the context.
RELEASES: list[tuple[str, str, dict[str, Any]]] = [
    ("0.12.7", "2023-10-31", {
        "claude-2": _chat("anthropic", max_tokens=100000),
        "gpt-4": _chat("openai", max_tokens=8192),
    }),
    ("1.53.1", "2024-11-28", {
        "claude-2": _chat("anthropic", max_tokens=100000),
        "claude-sonnet-4-20250514": _chat("anthropic", max_input_tokens=200000, max_output_tokens=8192),
        "gpt-4": _chat("openai", max_input_tokens=8192, max_output_tokens=4096),
        "openrouter/meta-llama/llama-4-maverick": _chat("openrouter", max_input_tokens=1048576),
    }),
    ("1.80.7", "2025-11-27", {
        "claude-sonnet-4-20250514": _chat(
            "anthropic", max_input_tokens=1000000, max_output_tokens=64000, deprecation_date="2026-06-15"
        ),
        "claude-sonnet-5-5": _chat("anthropic", max_input_tokens=1000000),
        "gpt-4": _chat("openai", max_input_tokens=8192, max_output_tokens=4096),
        "openrouter/meta-llama/llama-4-maverick": _chat("openrouter", max_input_tokens=1048576),
    }),
    ("1.110.2", "2026-11-20", {
        "claude-sonnet-5-5": _chat("anthropic", max_input_tokens=1000000),
        "gpt-4": _chat("openai", max_input_tokens=8192, max_output_tokens=4096),
    }),
]  # fmt: skip


def _snapshots() -> list[Snapshot]:
    return [Snapshot(label, day, *derive.normalize(table)) for label, day, table in RELEASES]


def test_first_and_last_seen_with_their_dates() -> None:
    catalog = Catalog(fold(_snapshots()))
    gpt_4 = catalog.lookup("openai", "gpt-4")
    assert gpt_4 is not None and not gpt_4.retired
    assert gpt_4.first_seen is not None and gpt_4.last_seen is not None
    assert (gpt_4.first_seen.release, gpt_4.first_seen.day) == ("0.12.7", date(2023, 10, 31))
    assert (gpt_4.last_seen.release, gpt_4.last_seen.day) == ("1.110.2", date(2026, 11, 20))


def test_a_model_that_came_and_went_between_releases_is_retired_with_the_date() -> None:
    sonnet = Catalog(fold(_snapshots())).lookup("anthropic", "claude-sonnet-4-20250514")
    assert sonnet is not None and sonnet.retired
    assert sonnet.first_seen is not None and sonnet.first_seen.release == "1.53.1"
    assert sonnet.last_seen is not None and sonnet.last_seen.release == "1.80.7"
    assert sonnet.retired_in is not None
    assert (sonnet.retired_in.release, sonnet.retired_in.day) == ("1.110.2", date(2026, 11, 20))
    # limits and deprecation as last seen
    assert (sonnet.max_input_tokens, sonnet.max_output_tokens) == (1000000, 64000)
    assert sonnet.deprecation_date == date(2026, 6, 15)


def test_a_model_of_2023_keeps_its_context_window_and_retires_when_it_drops_out() -> None:
    claude_2 = Catalog(fold(_snapshots())).lookup("anthropic", "claude-2")
    assert claude_2 is not None and claude_2.max_input_tokens == 100000
    assert claude_2.retired_in is not None and claude_2.retired_in.release == "1.80.7"


def test_a_namespace_missing_from_the_newest_releases_is_judged_by_its_last_listing() -> None:
    maverick = Catalog(fold(_snapshots())).lookup("openrouter", "meta-llama/llama-4-maverick")
    assert maverick is not None and not maverick.retired
    assert maverick.last_seen is not None and maverick.last_seen.release == "1.80.7"


def test_a_later_refresh_keeps_the_life_already_known() -> None:
    first = fold(_snapshots()[:3])
    assert "retired" not in first["models"]["anthropic"]["claude-sonnet-4-20250514"]
    refreshed = Catalog(fold(_snapshots()[3:], base=json.loads(json.dumps(first))))
    sonnet = refreshed.lookup("anthropic", "claude-sonnet-4-20250514")
    assert sonnet is not None and sonnet.first_seen is not None and sonnet.first_seen.release == "1.53.1"
    assert sonnet.retired_in is not None and sonnet.retired_in.release == "1.110.2"
    assert refreshed.releases == {label: day for label, day, _ in RELEASES}


def test_the_command_line_derives_from_a_cache_of_tables_offline(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "catalog.json"
    cache.mkdir()
    for label, _, table in RELEASES:
        (cache / f"litellm-{label}.json").write_text(json.dumps(table), encoding="utf-8")
    manifest = {"tables": {label: day for label, day, _ in RELEASES}, "missing": ["0.11.0"]}
    (cache / "releases.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert derive.main(["--history", str(cache), "--offline", "-o", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["releases"]["1.53.1"] == "2024-11-28"
    assert written["models"]["anthropic"]["claude-sonnet-4-20250514"]["retired"] == "1.110.2"
    assert (
        written["models"]["openai"]["gpt-4"] | {"first_seen": "0.12.7", "last_seen": "1.110.2"}
        == (written["models"]["openai"]["gpt-4"])
    )
    assert len(cached_sample(cache)) == 4


def _wheel(version: str, day: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"filename": f"litellm-{version}-py3-none-any.whl", "upload_time": f"{day}T10:00:00", **extra}]


PYPI = {
    "releases": {
        "1.9.0": _wheel("1.9.0", "2024-01-03"),
        "1.10.0": _wheel("1.10.0", "2024-01-20"),
        "1.10.1.dev1": _wheel("1.10.1.dev1", "2024-01-21"),
        "1.11.0": [{"filename": "litellm-1.11.0.tar.gz", "upload_time": "2024-02-02T10:00:00"}],
        "1.12.0": _wheel("1.12.0", "2024-03-05"),
        "1.12.1": _wheel("1.12.1", "2024-03-06", yanked=True),
    }
}


def test_releases_from_pypi_are_stable_wheels_in_version_order() -> None:
    versions = [r.version for r in releases_from_pypi(PYPI)]
    assert versions == ["1.9.0", "1.10.0", "1.12.0"]  # no dev build, sdist-only or yanked release


def test_monthly_sample_takes_the_newest_release_of_each_month() -> None:
    sample = monthly_sample(releases_from_pypi(PYPI))
    assert [r.version for r in sample] == ["1.10.0", "1.12.0"]


def test_the_oldest_release_shipping_the_table_is_found_by_bisection() -> None:
    releases = [release(f"1.{n}.0") for n in range(40)]
    probed: list[str] = []

    def has_table(item: object) -> bool:
        probed.append(str(item))
        return releases.index(item) >= 23  # type: ignore[arg-type]

    assert first_with_table(releases, has_table) == 23
    assert len(probed) <= 6


def test_without_upload_dates_releases_are_dated_until_none_is_a_month_from_the_next() -> None:
    releases = [release(f"1.{n}.0") for n in range(100)]
    days = {r.version: date.fromordinal(date(2024, 1, 1).toordinal() + 4 * n) for n, r in enumerate(releases)}
    dated: set[str] = set()

    def day_of(item: Any) -> date:
        dated.add(item.version)
        return days[item.version]

    picked = month_apart(releases, day_of)
    gaps = [(days[b.version] - days[a.version]).days for a, b in itertools.pairwise(picked)]
    assert picked[0] == releases[0] and picked[-1] == releases[-1]
    assert max(gaps) <= 31 and len(dated) < len(releases) / 2


def test_the_command_line_reports_bad_input_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        derive.main(["--history", str(tmp_path / "empty"), "--offline", "-o", str(tmp_path / "c.json")])
    assert exit_info.value.code == 2
    assert "no LiteLLM tables in" in capsys.readouterr().err
    assert not (tmp_path / "c.json").exists()


def _wheel_file(directory: Path, version: str, table: dict[str, Any] | None) -> None:
    """A minimal litellm wheel, with the model table member or without it."""
    info = f"litellm-{version}.dist-info"
    with zipfile.ZipFile(directory / f"litellm-{version}-py3-none-any.whl", "w") as wheel:
        wheel.writestr("litellm/__init__.py", "")
        if table is not None:
            wheel.writestr(MEMBER, json.dumps(table))
        wheel.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: litellm\nVersion: {version}\n")
        wheel.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        wheel.writestr(f"{info}/RECORD", "")


def test_fetch_table_keeps_only_the_json_member_and_dates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pip download` for real, from a local package index directory (no network)."""
    index, cache = tmp_path / "index", tmp_path / "cache"
    index.mkdir()
    cache.mkdir()
    _wheel_file(index, "9.9.0", None)
    _wheel_file(index, "9.9.1", RELEASES[1][2])
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(index))
    assert fetch_table(release("9.9.0"), cache) is None
    fetched = fetch_table(release("9.9.1"), cache)
    assert fetched is not None and fetched.published is not None  # dated from the wheel's files
    assert json.loads((cache / "litellm-9.9.1.json").read_text(encoding="utf-8")) == RELEASES[1][2]
    assert sorted(p.name for p in cache.iterdir()) == ["litellm-9.9.1.json", "releases.json"]  # no wheels
    tables, missing = read_manifest(cache)
    assert list(tables) == ["9.9.1"] and missing == {"9.9.0"}
    (index / "litellm-9.9.1-py3-none-any.whl").unlink()
    assert fetch_table(release("9.9.1"), cache) == fetched  # from the cache, no download
