"""The runtime stays small: importing it pulls in neither pydantic, jinja2, ruamel nor the compiler."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pydantic", "jinja2", "ruamel", "ruamel.yaml", "modelcfg.compiler", "modelcfg.schema")


def test_importing_the_runtime_loads_no_heavy_module() -> None:
    code = (
        "import sys, json; import modelcfg.runtime; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
