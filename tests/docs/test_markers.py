"""The `docs-test` markers are well formed, and skipping stays the exception."""

import re

from .blocks import KINDS, MARKER, REPO, blocks, documents
from .console import matches

MARKED = [block for block in blocks() if block.marker is not None]


def test_every_marker_is_known_and_says_why() -> None:
    for block in MARKED:
        assert block.marker is not None
        assert block.marker.kind in KINDS, f"{block.id}: unknown docs-test marker `{block.marker.kind}`"
        if block.marker.kind in {"skip", "fragment"}:
            reason = re.fullmatch(r"\(.*\S.*\)", block.marker.argument)
            assert reason, f"{block.id}: give the reason in parentheses"
        if block.marker.kind == "fragment":
            assert block.lang == "python", f"{block.id}: only a python block can be a fragment"
        if block.marker.kind == "cwd":
            assert block.lang == "console", f"{block.id}: only a console block has a working directory"
        if block.marker.kind in {"file", "cwd", "output"}:
            assert re.fullmatch(r"[\w.-]+(/[\w.-]+)*", block.marker.argument), f"{block.id}: a relative path"
            assert ".." not in block.marker.argument.split("/"), f"{block.id}: a path inside the workspace"


def test_every_marker_precedes_a_block() -> None:
    attached = {(block.doc, block.marker.line) for block in MARKED if block.marker is not None}
    for path in documents():
        doc = path.relative_to(REPO).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith("<!--") and "docs-test" in line:
                assert MARKER.match(line), f"{doc}:{number}: malformed docs-test marker"
                assert (doc, number) in attached, f"{doc}:{number}: marker not right before a fenced block"


def test_skips_are_counted_and_the_exception() -> None:
    runnable = [b for b in blocks() if b.lang in {"console", "python"}]
    skipped = [b for b in runnable if b.marker is not None and b.marker.kind in {"skip", "fragment"}]
    assert len(skipped) < len(runnable) - len(skipped), (
        f"{len(skipped)} of {len(runnable)} runnable blocks are skipped: "
        + ", ".join(f"{b.id} ({b.reason})" for b in skipped)
    )


def test_excerpts_match_their_files() -> None:
    excerpts = [block for block in MARKED if block.marker is not None and block.marker.kind == "excerpt"]
    assert excerpts, "foundation.md quotes examples/: those blocks are marked as excerpts"
    for block in excerpts:
        assert block.marker is not None
        name = block.marker.argument.removeprefix("of ").strip()
        source = REPO / name
        assert source.is_file(), f"{block.id}: `{name}` is not a file of the repository"
        lines = ("…", *(_elided(line) for line in block.lines), "…")
        assert matches(lines, source.read_text(encoding="utf-8")), (
            f"{block.id}: this excerpt differs from {name} (its lines must appear there, in order; "
            "a `# …` line for what is left out)"
        )


def _elided(line: str) -> str:
    """An excerpt's line as a pattern: a comment of just `…` stands for lines left out."""
    return "…" if line.strip() in {"# …", "# ...", "…", "..."} else line.rstrip()
