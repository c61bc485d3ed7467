"""The compiler: layered YAML/TOML → validated Document → frozen runtime table.

from modelcfg.compiler import compile_project
result = compile_project("examples", env="production")
if result.ok:
    table = result.table

Exports load on first use, so a light submodule (`compile_cache`, `atomic`) imports
without pydantic, ruamel or jinja2.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diagnostic import Diagnostic, Severity, Span
    from .layers import FileReader, Layer, Reader
    from .merge import Origin
    from .project import USAGE_CODES, Compilation, compile_project
    from .table import canonical, content_hash

__all__ = [
    "USAGE_CODES",
    "Compilation",
    "Diagnostic",
    "FileReader",
    "Layer",
    "Origin",
    "Reader",
    "Severity",
    "Span",
    "canonical",
    "compile_project",
    "content_hash",
]

#: export name -> submodule that defines it.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("Diagnostic", "Severity", "Span"), "diagnostic"),
    **dict.fromkeys(("FileReader", "Layer", "Reader"), "layers"),
    "Origin": "merge",
    **dict.fromkeys(("USAGE_CODES", "Compilation", "compile_project"), "project"),
    **dict.fromkeys(("canonical", "content_hash"), "table"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'modelcfg.compiler' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
