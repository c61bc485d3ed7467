"""modelcfg: a declarative compiler, linter and minimal runtime for LLM model-provider settings.

The public surface is what `__all__` lists; everything else may move.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelcfg.compiler import compile_project
    from modelcfg.runtime import (
        AllFailed,
        ModelcfgError,
        NoModelFits,
        ProviderError,
        Runtime,
        TableError,
        load_table,
    )

__all__ = [
    "AllFailed",
    "ModelcfgError",
    "NoModelFits",
    "ProviderError",
    "Runtime",
    "TableError",
    "__version__",
    "compile_project",
    "load_table",
]

#: Public names loaded on first use, so `import modelcfg` stays light.
_LAZY: dict[str, str] = {
    "compile_project": "modelcfg.compiler",
    **dict.fromkeys(
        ("AllFailed", "ModelcfgError", "NoModelFits", "ProviderError", "Runtime", "TableError", "load_table"),
        "modelcfg.runtime",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'modelcfg' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
