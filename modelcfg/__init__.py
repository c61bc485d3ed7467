"""modelcfg: a declarative compiler, linter and minimal runtime for LLM model-provider settings.

The public surface is what `__all__` lists; everything else may move.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
