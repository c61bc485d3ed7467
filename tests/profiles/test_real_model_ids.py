"""Model ids from real public configs, classified the way lint does (docs/foundation.md reports it).

Unknown is only for ids no LiteLLM release ever listed in that namespace; everything else is
known (live, deprecating or retired, with its date), fine-tuned, local, or outside the catalog.
"""

import collections
import datetime as dt
import json
from pathlib import Path

import pytest
from modelcfg.profiles.catalog import Catalog, load_catalog, namespace_for
from modelcfg.profiles.verdict import Verdict, check_mode, judge

ROWS = json.loads((Path(__file__).parent / "fixtures" / "real_model_ids.json").read_text(encoding="utf-8"))[
    "rows"
]
TODAY = dt.date(2026, 11, 29)

#: The measurement in docs/foundation.md; a catalog refresh that changes it updates both.
EXPECTED = {
    "known": 70,
    "deprecating": 26,
    "retired": 64,
    "fine-tuned": 1,
    "local": 16,
    "unverifiable": 7,
    "unknown": 9,
    "outside the catalog": 17,
}
#: The unknown ones: ids their provider's namespace never listed in any sampled release.
NEVER_LISTED = {
    ("cerebras", "qwen-3-235b-a22b-thinking-2507"),
    ("cerebras", "qwen-3-235b-a22b-instruct-2507"),
    ("cohere", "command-a"),
    ("cohere", "command-a-reasoning-08-2025"),
    ("cohere", "command-a-vision-07-2025"),
    ("gemini", "gemini-3-flash"),
    ("gemini", "gemini-embedding-1.0"),
    ("gemini", "gemma-3n-e4b-it"),
}


def _classify(catalog: Catalog, row: dict[str, str]) -> tuple[str, Verdict]:
    namespace = namespace_for(row["endpoint"])
    verdict = judge(catalog, namespace, row["id"], check_mode(row["endpoint"], None, None))
    info = verdict.info
    if verdict.kind == "fine_tuned" and info is not None and info.is_retired(TODAY):
        return "retired", verdict
    if verdict.kind == "known" and info is not None:
        if info.is_retired(TODAY):
            return "retired", verdict
        return ("deprecating" if info.deprecation_date is not None else "known"), verdict
    names = {"fine_tuned": "fine-tuned", "unchecked": "outside the catalog"}
    return names.get(verdict.kind, verdict.kind), verdict


@pytest.fixture(scope="module")
def classified() -> list[tuple[dict[str, str], str, Verdict]]:
    catalog = load_catalog(Path(__file__).parents[2] / "profiles" / "catalog.json")
    return [(row, *_classify(catalog, row)) for row in ROWS]


def test_the_sample_spans_at_least_20_public_repositories() -> None:
    assert len({row["repo"] for row in ROWS}) >= 20
    assert all(row["repo"].count("/") == 1 and row["path"] and row["id"] for row in ROWS)


def test_the_measurement(classified: list[tuple[dict[str, str], str, Verdict]]) -> None:
    counts = collections.Counter(kind for _, kind, _ in classified)
    assert dict(counts) == EXPECTED


def test_unknown_ids_are_only_ids_no_release_listed(
    classified: list[tuple[dict[str, str], str, Verdict]],
) -> None:
    unknown = {
        (namespace_for(row["endpoint"]), row["id"]) for row, kind, _ in classified if kind == "unknown"
    }
    assert unknown == NEVER_LISTED
    catalog = load_catalog(Path(__file__).parents[2] / "profiles" / "catalog.json")
    for namespace, model_id in unknown:
        assert namespace is not None and model_id not in catalog.ids(namespace)
        assert catalog.resolve(namespace, model_id) == model_id  # no alias either


def test_every_retired_id_carries_the_date_it_went(
    classified: list[tuple[dict[str, str], str, Verdict]],
) -> None:
    for row, kind, verdict in classified:
        if kind == "retired":
            info = verdict.info
            assert info is not None
            assert info.deprecation_date is not None or info.retired_in is not None, row["id"]


def test_outside_the_catalog_means_a_provider_it_has_no_namespace_for(
    classified: list[tuple[dict[str, str], str, Verdict]],
) -> None:
    providers = {row["litellm_provider"] for row, kind, _ in classified if kind == "outside the catalog"}
    assert providers == {"azure", "bedrock", "github", "minimax", "nvidia_nim", "zhipu"}
