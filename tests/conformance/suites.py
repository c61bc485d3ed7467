"""Run modelcfg's loader over the vendored YAML and TOML conformance suites and sort the outcomes.

`python -m tests.conformance.suites` prints the summaries (the figures in docs/compiler.md).
"""

import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcfg.compiler.load import LoadError, parse

HERE = Path(__file__).parent
YAML_SUITE = HERE / "yaml-test-suite"
TOML_SUITE = HERE / "toml-test"


@dataclass
class Outcome:
    """Where each case landed: ids (YAML) or paths (TOML), sorted."""

    right: list[str] = field(default_factory=list)
    #: valid input refused by a config policy (a non-mapping root, a custom tag, ...), on purpose
    policy: list[str] = field(default_factory=list)
    #: valid input refused as a syntax error: id -> "line:col message"
    refused: dict[str, str] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    invalid_refused: list[str] = field(default_factory=list)
    invalid_accepted: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "right": len(self.right),
            "policy": len(self.policy),
            "refused": len(self.refused),
            "wrong": len(self.wrong),
            "invalid_refused": len(self.invalid_refused),
            "invalid_accepted": len(self.invalid_accepted),
        }


def yaml_outcome() -> Outcome:
    """Every vendored yaml-test-suite case: the invalid ones and the valid single-document ones."""
    outcome = Outcome()
    for case in sorted(path.parent for path in YAML_SUITE.rglob("in.yaml")):
        name = case.relative_to(YAML_SUITE).as_posix()
        data = (case / "in.yaml").read_bytes()
        try:
            tree = parse("in.yaml", data).tree
        except LoadError as exc:
            if (case / "error").exists():
                outcome.invalid_refused.append(name)
            elif _yaml_policy(exc, data, _json_value(case / "in.json")):
                outcome.policy.append(name)
            else:
                span = exc.diagnostic.span
                outcome.refused[name] = f"{span.line}:{span.column} {exc.diagnostic.message}"
            continue
        if (case / "error").exists():
            outcome.invalid_accepted.append(name)
        elif tree == _json_value(case / "in.json") or (tree == {} and _json_value(case / "in.json") is None):
            outcome.right.append(name)
        else:
            outcome.wrong.append(name)
    return outcome


def _json_value(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _yaml_policy(exc: LoadError, data: bytes, expected: Any) -> bool:
    """Whether a refusal is one the config format makes on purpose, and only where it applies."""
    code, message = exc.diagnostic.code, exc.diagnostic.message
    if code == "MC013":  # the file must be a mapping
        return not isinstance(expected, dict)
    if code == "MC003":  # tags other than the YAML core ones
        return b"!" in data and "tag" in message
    return code == "MC012" and "not aliases" in message  # an alias as a mapping key


def toml_outcome() -> Outcome:
    """Every case of toml-test's TOML 1.0 list."""
    outcome = Outcome()
    for name in (TOML_SUITE / "files-toml-1.0.0").read_text(encoding="utf-8").split():
        if not name.endswith(".toml"):
            continue
        data = (TOML_SUITE / name).read_bytes()
        try:
            tree = parse("case.toml", data).tree
        except LoadError as exc:
            if name.startswith("invalid/"):
                outcome.invalid_refused.append(name)
            elif exc.diagnostic.code == "MC012" and _toml_policy(exc.diagnostic.message):
                outcome.policy.append(name)
            else:
                span = exc.diagnostic.span
                outcome.refused[name] = f"{span.line}:{span.column} {exc.diagnostic.message}"
            continue
        if name.startswith("invalid/"):
            outcome.invalid_accepted.append(name)
        elif tree == _untag(_json_value(TOML_SUITE / (name.removesuffix(".toml") + ".json"))):
            outcome.right.append(name)
        else:
            outcome.wrong.append(name)
    return outcome


def _toml_policy(message: str) -> bool:
    return "date/time" in message or "not a finite number" in message


def _untag(value: Any) -> Any:
    """toml-test's tagged JSON (`{"type": "integer", "value": "42"}`) as plain values."""
    if isinstance(value, list):
        return [_untag(item) for item in value]
    if set(value) == {"type", "value"} and isinstance(value["value"], str):
        kind, text = value["type"], value["value"]
        if kind == "integer":
            return int(text)
        if kind == "float":
            return float(text) if math.isfinite(float(text)) else text
        if kind == "bool":
            return text == "true"
        return text if kind == "string" else (kind, text)
    return {key: _untag(item) for key, item in value.items()}


if __name__ == "__main__":
    for label, outcome in (("yaml", yaml_outcome()), ("toml", toml_outcome())):
        print(label, json.dumps(outcome.summary()))
        if "-v" in sys.argv:
            for key in ("refused", "wrong", "invalid_accepted"):
                print(f"  {key}:", getattr(outcome, key))
