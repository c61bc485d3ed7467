"""The compiler: layered YAML/TOML → validated Document → frozen runtime table.

from modelcfg.compiler import compile_project
result = compile_project("examples", env="production")
if result.ok:
    table = result.table
"""

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
