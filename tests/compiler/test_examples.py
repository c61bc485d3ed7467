"""The bundled example project compiles for every environment it defines."""

from pathlib import Path

import pytest
from modelcfg.compiler import compile_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def environments() -> list[str | None]:
    result = compile_project(EXAMPLES, environ={})
    return [None, *sorted(result.tree.get("environments", {}))]


@pytest.mark.parametrize("env", environments())
def test_examples_compile(env: str | None) -> None:
    result = compile_project(EXAMPLES, env=env, environ={})
    assert result.ok, [f"{d.span}: {d.code} {d.message}" for d in result.diagnostics]
    assert result.table is not None and result.table["environment"] == env
