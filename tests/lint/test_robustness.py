"""Whatever a config holds, lint reports diagnostics and never raises."""

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from modelcfg.compiler.lint import lint_paths

from .helpers import TODAY

KEYS = st.sampled_from(
    ["providers", "openai", "gw", "endpoint", "models", "small", "large", "embedding", "id", "settings",
     "temperature", "stop", "dimensions", "selection", "default_provider", "tasks", "rules", "class",
     "failover", "chains", "openai/large", "gw/embedding", "enabled", "api", "catalog", "lint", "disable"]
)  # fmt: skip
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 300000),
    st.floats(-3, 3, allow_nan=False),
    st.sampled_from(
        ["https://api.openai.com/v1", "http://10.0.0.1", "anthropic", "gpt-5.4", "", "gw", "MC301"]
    ),
)
TREES = st.recursive(
    LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, TREES, max_size=5))
def test_lint_never_raises(tree: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.yaml"
        path.write_text(json.dumps(tree), encoding="utf-8")  # JSON is YAML
        [result] = lint_paths([str(path)], today=TODAY)
    for d in result.diagnostics:
        assert d.code.startswith("MC") and d.message
        assert d.span.file.endswith("config.yaml") or d.span.file.startswith("<")
