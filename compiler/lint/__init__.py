"""`modelcfg lint`: rules over a compiled project, with policy, suppressions and rule docs.

Rules live one per module in `rules/`, listed in `registry.RULES`; each module's docstring is
its documentation (`--explain`, docs/lint-rules.md, SARIF rule descriptions).
"""

from ..lint_targets import InputError, LintResult
from .context import LintContext
from .policy import Policy
from .registry import RULES
from .runner import lint_compilation, lint_paths, lint_target

__all__ = [
    "RULES",
    "InputError",
    "LintContext",
    "LintResult",
    "Policy",
    "lint_compilation",
    "lint_paths",
    "lint_target",
]
