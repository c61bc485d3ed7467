"""The fenced blocks of README.md and docs/*.md, with the `docs-test` marker written before each.

A marker is an HTML comment on the line right before a block (blank lines allowed):

    <!-- docs-test: skip (needs network) -->         not run; the reason is required
    <!-- docs-test: fragment (uses `texts` from above) -->   a Python block that is not a program
    <!-- docs-test: excerpt of examples/modelcfg.yaml -->    its lines appear in that file, in order
    <!-- docs-test: file config.yaml -->             written there before the page's blocks run
    <!-- docs-test: cwd examples -->                 a console block run in that directory
    <!-- docs-test: output project/modelcfg.yaml -->  what the console block above writes there
"""

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,})(?P<lang>[\w-]*)")
MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<kind>[\w-]+)\s*(?P<arg>.*?)\s*-->\s*$")
KINDS = ("skip", "fragment", "excerpt", "file", "cwd", "output")


@dataclass(frozen=True, slots=True)
class Marker:
    """What the marker before a block says: its kind and its argument (reason or file)."""

    kind: str
    argument: str
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    """One fenced block: where it starts, its language, its lines and the marker before it."""

    doc: str
    line: int
    lang: str
    lines: tuple[str, ...]
    marker: Marker | None

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"

    def marked(self, *kinds: str) -> bool:
        """Whether the marker before this block is one of ``kinds``."""
        return self.marker is not None and self.marker.kind in kinds

    @property
    def reason(self) -> str:
        """A skip's or fragment's reason, without its parentheses."""
        assert self.marker is not None
        return self.marker.argument.removeprefix("(").removesuffix(")").strip()


def documents() -> list[Path]:
    """README.md and every page under docs/ (new pages are picked up without a list)."""
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def blocks(paths: list[Path] | None = None) -> list[Block]:
    """Every fenced block of the documents."""
    return [block for path in (paths or documents()) for block in _blocks_of(path)]


def _blocks_of(path: Path) -> list[Block]:
    doc = path.relative_to(REPO).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        end = _closing(lines, index, opening)
        body = tuple(_dedent(line, len(opening.group("indent"))) for line in lines[index + 1 : end])
        found.append(Block(doc, index + 1, opening.group("lang"), body, _marker_before(lines, index)))
        index = end + 1
    return found


def _dedent(line: str, indent: int) -> str:
    """A line of a block indented under a list item, without that indentation."""
    return line[indent:] if line[:indent].strip() == "" else line.lstrip()


def _closing(lines: list[str], start: int, opening: re.Match[str]) -> int:
    fence = opening.group("fence")
    for index in range(start + 1, len(lines)):
        if lines[index].strip().startswith(fence) and not lines[index].strip().strip("`"):
            return index
    raise AssertionError(f"unclosed code fence at line {start + 1}")


def _marker_before(lines: list[str], index: int) -> Marker | None:
    previous = index - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    if previous < 0:
        return None
    match = MARKER.match(lines[previous])
    return Marker(match.group("kind"), match.group("arg"), previous + 1) if match else None
