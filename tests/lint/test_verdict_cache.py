"""Verdicts are remembered per catalog object: a refreshed catalog or a project's own is judged anew."""

import datetime as dt

from modelcfg.compiler.lint.context import LintContext
from modelcfg.profiles.catalog import Catalog, load_catalog
from modelcfg.schema import Document

MODEL = "gpt-from-a-refresh-2099"


def _document(catalog_section: dict[str, object] | None = None) -> Document:
    data: dict[str, object] = {
        "providers": {
            "openai": {"endpoint": "https://api.openai.com/v1", "models": {"small": MODEL, "large": MODEL}}
        }
    }
    if catalog_section is not None:
        data["catalog"] = catalog_section
    return Document.model_validate(data)


def _kinds(document: Document, catalog: Catalog | None = None) -> list[str]:
    ctx = LintContext(document, {}, {}, "modelcfg.yaml", today=dt.date(2026, 1, 1), _catalog=catalog)
    return [ctx.verdict(ref).kind for ref in ctx.model_refs]


def test_the_same_model_is_judged_again_under_a_refreshed_catalog() -> None:
    document = _document()
    built_in = load_catalog()
    refreshed = built_in.overlay({"models": {"openai": {MODEL: {"max_input_tokens": 1000}}}}, "refresh")
    assert _kinds(document, built_in) == ["unknown", "unknown"]
    assert _kinds(document, refreshed) == ["known", "known"]
    assert _kinds(document, built_in) == ["unknown", "unknown"]


def test_a_projects_own_catalog_entry_is_seen_after_the_same_model_was_judged_without_it() -> None:
    assert _kinds(_document()) == ["unknown", "unknown"]
    with_entry = _document({"openai": {MODEL: {"max_input_tokens": 1000, "max_output_tokens": 100}}})
    assert _kinds(with_entry) == ["known", "known"]
    assert _kinds(_document()) == ["unknown", "unknown"]
