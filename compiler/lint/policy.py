"""Which rules run and how severe their findings are: project `lint:` config plus the command line."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType

from modelcfg.compiler.diagnostic import Severity

_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def at_least(severity: Severity, threshold: Severity) -> bool:
    """True when ``severity`` is ``threshold`` or worse."""
    return _RANK[severity] >= _RANK[threshold]


def matches(selector: str, rule: ModuleType) -> bool:
    """A selector names a rule by code (`MC301`), code prefix (`MC3`), name, or `ALL`."""
    code: str = rule.CODE
    return selector in ("ALL", rule.NAME) or code.startswith(selector.upper())


@dataclass(frozen=True)
class Policy:
    """Rule selection and severity overrides; later sources (the command line) win."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    def with_project(self, disable: Iterable[str], severity: Mapping[str, Severity]) -> "Policy":
        """This policy under a project's `lint: {disable, severity}` (the command line still wins)."""
        return Policy(self.select, (*disable, *self.ignore), {**severity, **self.severity})

    def enabled(self, rule: ModuleType) -> bool:
        if self.select and not any(matches(s, rule) for s in self.select):
            return False
        return not any(matches(s, rule) for s in self.ignore)

    def severity_of(self, rule: ModuleType) -> Severity:
        """The configured severity; the most specific selector wins (code or name, then longest prefix)."""
        found = [(_specificity(s, rule), sev) for s, sev in self.severity.items() if matches(s, rule)]
        if found:
            return max(found, key=lambda pair: pair[0])[1]
        default: Severity = rule.DEFAULT
        return default


def _specificity(selector: str, rule: ModuleType) -> int:
    if selector in (rule.CODE, rule.NAME):
        return 100
    return 0 if selector == "ALL" else len(selector)
