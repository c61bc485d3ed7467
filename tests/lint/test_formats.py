"""Machine formats: SARIF 2.1.0 (validated against the official schema) and GitHub annotations."""

import json
from pathlib import Path
from typing import Any

import jsonschema
from modelcfg.compiler.diagnostic import Diagnostic, Severity, Span
from modelcfg.compiler.github import annotation
from modelcfg.compiler.lint import lint_paths
from modelcfg.compiler.lint.registry import RULES
from modelcfg.compiler.report import render

from .helpers import HERE, SEED_PROJECT, TODAY

SARIF_SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _sarif(diagnostics: list[Diagnostic]) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(diagnostics, "sarif", {}, False))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    return log


def test_sarif_of_the_seed_project_is_valid_sarif_2_1_0() -> None:
    [result] = lint_paths([str(SEED_PROJECT)], today=TODAY)
    log = _sarif(list(result.diagnostics))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules[: len(RULES)]] == list(RULES)
    assert {r["id"] for r in rules[len(RULES) :]} == {"MC206"}  # the compile code seen
    assert len(run["results"]) == len(result.diagnostics)
    for sarif_result, d in zip(run["results"], result.diagnostics, strict=True):
        assert rules[sarif_result["ruleIndex"]]["id"] == d.code == sarif_result["ruleId"]
        region = sarif_result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (d.span.line, d.span.column)
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["MC302"] == "error" and levels["MC210"] == "warning"


def test_sarif_rule_help_is_the_rule_docstring() -> None:
    rules = _sarif([])["runs"][0]["tool"]["driver"]["rules"]
    unknown = next(r for r in rules if r["id"] == "MC301")
    assert unknown["help"]["markdown"].startswith("## What it does\nLooks every model id up")
    assert unknown["fullDescription"]["text"].startswith("Looks every model id up in the model catalog")
    assert unknown["defaultConfiguration"] == {"level": "error"}


def test_sarif_related_locations_and_file_level_findings_validate() -> None:
    d = Diagnostic(
        "MC304",
        Severity.INFO,
        "max_output_tokens 9000 exceeds the output limit",
        Span("envs/prod.yaml", 3, 5, 3, 9),
        hint="lower it",
        related=(Span("modelcfg.yaml", 7, 3),),
    )
    whole_file = Diagnostic("MC015", Severity.ERROR, "no modelcfg.yaml", Span("configs", 0, 0))
    run = _sarif([d, whole_file])["runs"][0]
    first, second = run["results"]
    assert first["level"] == "note"
    assert first["message"]["text"] == "max_output_tokens 9000 exceeds the output limit\nhint: lower it"
    assert first["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 3}
    assert "region" not in second["locations"][0]["physicalLocation"]


def test_github_annotation_escapes_data_and_properties() -> None:
    d = Diagnostic("MC501", Severity.ERROR, "100% bad\nreally", Span("a,b:c.yaml", 2, 4, 2, 9), hint="fix")
    assert annotation(d) == (
        "::error file=a%2Cb%3Ac.yaml,line=2,col=4,endLine=2,endColumn=9,title=MC501::"
        "100%25 bad%0Areally%0Ahint: fix"
    )


def test_github_severity_commands(tmp_path: Path) -> None:
    lines = render(
        [
            Diagnostic("MC303", Severity.WARNING, "w", Span("f.yaml", 1, 1)),
            Diagnostic("MC999", Severity.INFO, "i", Span("f.yaml", 0, 0)),
        ],
        "github",
        {},
        False,
    ).splitlines()
    assert lines == [
        "::warning file=f.yaml,line=1,col=1,title=MC303::w",
        "::notice file=f.yaml,title=MC999::i",
    ]
