"""Inline suppressions: `# modelcfg: ignore[MC301]` silences that finding on its own line."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from modelcfg.compiler.diagnostic import Diagnostic

# A YAML/TOML comment starts at line start or after whitespace; the list holds codes or names.
_COMMENT_RE = re.compile(r"(?:^|(?<=\s))#\s*modelcfg:\s*ignore\[([^\]]*)\]")
_MARKER = "modelcfg:"


@dataclass(frozen=True, slots=True)
class Suppression:
    """One rule named in one suppression comment (1-based line and column of the name)."""

    file: str
    line: int
    column: int
    rule: str


def find_suppressions(file: str, text: str) -> list[Suppression]:
    """Every rule named by a suppression comment in ``text``."""
    if _MARKER not in text:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _MARKER not in line:
            continue
        for match in _COMMENT_RE.finditer(line):
            offset = match.start(1)
            for part in match.group(1).split(","):
                name = part.strip()
                if name:
                    column = offset + len(part) - len(part.lstrip()) + 1
                    found.append(Suppression(file, number, column, name))
                offset += len(part) + 1
    return found


def apply_suppressions(
    diagnostics: Iterable[Diagnostic],
    suppressions: Iterable[Suppression],
    aliases: Mapping[str, str],
) -> tuple[list[Diagnostic], list[Suppression]]:
    """Drop suppressed findings; return the rest and the suppressions that silenced nothing.

    ``aliases`` maps each suppressible rule's code and name to its code.
    """
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in suppressions:
        by_line.setdefault((s.file, s.line), []).append(s)
    used: set[Suppression] = set()
    kept = []
    for d in diagnostics:
        match = next(
            (s for s in by_line.get((d.span.file, d.span.line), ()) if aliases.get(s.rule) == d.code), None
        )
        if match is None:
            kept.append(d)
        else:
            used.add(match)
    unused = [s for line in by_line.values() for s in line if s not in used]
    return kept, unused
