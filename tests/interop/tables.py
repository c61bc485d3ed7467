"""Tables for the interop tests: the hand-built one (docs/table-format.md) and the example project."""

import copy
import json
from pathlib import Path
from typing import Any

from tests.tables import envelope as table_envelope

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
EXAMPLES = HERE.parent.parent / "examples"


def envelope(body: dict[str, Any], environment: str | None = "production") -> dict[str, Any]:
    """A table envelope around ``body``; interop's tables are production ones."""
    return table_envelope(body, environment)


def hand_table() -> dict[str, Any]:
    """Three providers (hosted OpenAI, Anthropic, a local llama.cpp server), chains, a profile, a task."""
    return envelope(json.loads((FIXTURES / "table_body.json").read_text("utf-8")))


def example_table() -> dict[str, Any]:
    """examples/ compiled for production by the real compiler."""
    from modelcfg.compiler import compile_project

    compilation = compile_project(EXAMPLES, env="production")
    assert compilation.ok, [str(d) for d in compilation.diagnostics]
    assert compilation.table is not None
    return compilation.table


def with_endpoints(table: dict[str, Any], endpoints: dict[str, str]) -> dict[str, Any]:
    """A copy of ``table`` whose providers point at other endpoints (the emulator), rehashed."""
    body = copy.deepcopy(table["body"])
    for name, url in endpoints.items():
        body["providers"][name]["endpoint"] = url
    return envelope(body, table.get("environment"))


def write_table(table: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(table, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
