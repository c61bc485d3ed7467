"""Console blocks as commands and expected output, and the comparison of that output.

A console block is a fenced ```console block: each line starting with `$ ` is a command
(a trailing `\\` continues it on the next line), and the lines up to the next command are
its expected output (stdout and stderr together, as a terminal shows them). A command
with no lines after it has its output unchecked, but it must not crash (no traceback,
exit code below 2). In expected output, a line that is only `...` or `…` stands for
any number of lines, and `…` or `...` inside a line for any text. Both sides are
normalised first: the temp directory, `sha256:` hashes and timings.
"""

import difflib
import re
from dataclasses import dataclass

ELISION_LINES = frozenset({"...", "…"})
HASH = re.compile(r"sha256:[0-9a-f]+…?")
TIMING = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:ms|µs|s)\b")


@dataclass(frozen=True, slots=True)
class Step:
    """One `$ ` command of a block and the output the block promises (empty: unchecked)."""

    command: str
    expected: tuple[str, ...]


def steps(lines: tuple[str, ...]) -> list[Step]:
    """The commands of a console block; AssertionError if text comes before the first `$ `."""
    found: list[tuple[str, list[str]]] = []
    continuing = False
    for line in lines:
        if continuing:
            found[-1] = (found[-1][0] + "\n" + line, found[-1][1])
        elif line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"a console block starts with `$ COMMAND`, not {line!r}")
        continuing = bool(found) and not found[-1][1] and found[-1][0].endswith("\\")
    if not found:
        raise AssertionError("a console block holds at least one `$ COMMAND` line")
    return [Step(command, tuple(_trim(output))) for command, output in found]


def _trim(output: list[str]) -> list[str]:
    lines = [line.rstrip() for line in output]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def normalise(text: str, tmp: str) -> str:
    """Output with the temp directory, hashes and timings replaced by placeholders."""
    text = text.replace(tmp + "/", "").replace(tmp, ".")
    text = HASH.sub("sha256:<hash>", text)
    return TIMING.sub("<time>", text)


def matches(expected: tuple[str, ...], actual: str) -> bool:
    """Whether ``actual`` (normalised) is what the block promises (normalised the same way)."""
    return _pattern(expected).fullmatch("\n".join(_trim(actual.splitlines())) + "\n") is not None


def _pattern(expected: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() in ELISION_LINES:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            pieces = re.split(r"…|\.\.\.", line)
            parts.append(r"[^\n]*".join(re.escape(piece) for piece in pieces) + r"\n")
    return re.compile("".join(parts))


def explain(command: str, expected: tuple[str, ...], actual: str, code: int) -> str:
    """A failure message: the command, its exit code and a diff of promised vs actual output."""
    diff = difflib.unified_diff(list(expected), actual.splitlines(), "documented", "actual", lineterm="")
    return f"$ {command}\n(exit {code})\n" + "\n".join(diff)
