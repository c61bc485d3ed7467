"""A config that does not validate is still linted: the invalid values are left out, the rest checked."""

from pathlib import Path
from typing import Any

from modelcfg.compiler.lint import lint_paths
from modelcfg.compiler.lint.salvage import prune, salvage

from .helpers import TODAY


def test_invalid_value_does_not_hide_other_findings(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text(
        "providers:\n"
        "  gateway:\n"
        "    endpoint: http://gateway.example.com/v1\n"
        "    settings: {repetition_penalty: 0.0}\n"
        "    models: {small: a, medium: b, large: c}\n",
        encoding="utf-8",
    )
    [result] = lint_paths([str(path)], today=TODAY)
    found = [(d.code, d.span.line) for d in result.diagnostics]
    assert found == [("MC502", 3), ("MC206", 4)]


def test_salvage_prunes_only_the_bad_leaf() -> None:
    tree: dict[str, Any] = {
        "providers": {
            "p": {
                "endpoint": "https://x.example/v1",
                "settings": {"temperature": 0.5, "repetition_penalty": 0},
                "models": {"small": {"id": "m", "settings": {"top_p": 7}}},
            }
        }
    }
    document = salvage(tree)
    assert document is not None
    provider = document.providers["p"]
    assert provider.settings.temperature == 0.5 and provider.settings.repetition_penalty is None
    small = provider.model(next(iter(provider.models)))
    assert small is not None and small.id == "m" and small.settings.top_p is None
    assert tree["providers"]["p"]["settings"]["repetition_penalty"] == 0  # the input is not changed


def test_prune_skips_union_tags_and_reports_when_nothing_matches() -> None:
    tree = {"a": {"b": [1, {"c": 2}]}}
    assert prune(tree, ("a", "b", 1, "ModelSpec", "c"))
    assert tree == {"a": {"b": [1, {}]}}
    assert not prune(tree, ("zzz",))
