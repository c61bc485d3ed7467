"""Interop: export the compiled table to LiteLLM, elizaOS, dotenv or a template; import theirs.

from modelcfg.compiler.interop import render, load_table, import_litellm
text = render("litellm", load_table(Path("build/modelcfg.lock.json")))
"""

from .export import EXPORTERS, ExportError, load_table, render, render_template, stale_reason
from .import_eliza import import_eliza
from .import_litellm import import_litellm
from .imported import ImportResult, SecretToSet, dump_project, write_project

__all__ = [
    "EXPORTERS",
    "ExportError",
    "ImportResult",
    "SecretToSet",
    "dump_project",
    "import_eliza",
    "import_litellm",
    "load_table",
    "render",
    "render_template",
    "stale_reason",
    "write_project",
]
