"""SARIF points reviewers at files in their repository, never at a built-in preset."""

import json
from typing import Any

import jsonschema
from modelcfg.compiler.diagnostic import Diagnostic, Severity, Span
from modelcfg.compiler.report import render

from .test_formats import SARIF_SCHEMA

PROJECT = "version: 1\nextends:\n  - profile:precise\n  - preset:openai\nproviders: {openai: {}}\n"
IN_PRESET = Span("<builtin>/presets/openai.yaml", 13, 14, 13, 27)


def _results(diagnostics: list[Diagnostic], sources: dict[str, str]) -> list[dict[str, Any]]:
    log: dict[str, Any] = json.loads(render(diagnostics, "sarif", sources, False))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


def _where(location: dict[str, Any]) -> tuple[str, int, int]:
    physical = location["physicalLocation"]
    region = physical["region"]
    return physical["artifactLocation"]["uri"], region["startLine"], region["startColumn"]


def test_a_finding_in_a_preset_points_at_the_extends_entry_that_pulled_it() -> None:
    finding = Diagnostic("MC303", Severity.WARNING, "model `gpt-6-luna` shuts down soon", IN_PRESET)
    [result] = _results([finding], {"examples/modelcfg.yaml": PROJECT, IN_PRESET.file: "…"})
    assert _where(result["locations"][0]) == ("examples/modelcfg.yaml", 4, 5)
    assert "<builtin>/presets/openai.yaml:13" in result["message"]["text"]


def test_related_locations_in_presets_move_too_and_user_files_stay() -> None:
    finding = Diagnostic(
        "MC304",
        Severity.INFO,
        "max_output_tokens exceeds the output limit",
        Span("examples/envs/prod.yaml", 3, 5),
        related=(IN_PRESET, Span("<builtin>/presets/anthropic.yaml", 2, 2)),
    )
    [result] = _results([finding], {"examples/modelcfg.yaml": PROJECT})
    assert _where(result["locations"][0]) == ("examples/envs/prod.yaml", 3, 5)
    [related] = result["relatedLocations"]
    assert _where(related) == ("examples/modelcfg.yaml", 4, 5)
    assert related["message"]["text"].startswith("also set in <builtin>/presets/openai.yaml:13")
