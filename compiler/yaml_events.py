"""Where YAML events come from: libyaml (fast) or ruamel's pure-Python parser (complete).

libyaml refuses some valid YAML (a `:` inside a flow collection, as in `[preset:openai]`)
and cuts anchor names short (`&an:chor`). Such files are read again by ruamel's
pure-Python parser, which yields the same events; where libyaml is not installed (PyPy,
a failed wheel) the pure parser reads everything. When both refuse a file, libyaml's
error is the one shown. Two misreads both parsers share are corrected here: a key
`?foo` in a flow mapping, and the line break of a last line of spaces.
"""

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, TypeVar

from .source import LoadError

__all__ = ["AnchorMarks", "glued_question_keys", "has_libyaml", "misread_anchor", "read_events"]

T = TypeVar("T")
#: Where anchors and aliases were written: (text index to search from, `&name` or `*name`).
AnchorMarks = list[tuple[int, str]]

# `?` glued to a key in a flow collection is part of the key; both parsers take it as `? `.
_FLOW_QUESTION_RE = re.compile(r"[\[{,][ \t\r\n]*\?[^ \t\r\n]")
_ANCHOR_END = frozenset(" \t\r\n,[]{}")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@cache
def has_libyaml() -> bool:
    """Whether ruamel.yaml's C extension (libyaml) can be imported."""
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return False
    return True


def misread_anchor(text: str, marks: AnchorMarks) -> bool:
    """Whether libyaml cut an anchor or alias name short (`&an:chor` read as `&an`)."""
    for start, written in marks:
        at = text.find(written, start)
        end = at + len(written)
        if at < 0 or (end < len(text) and text[end] not in _ANCHOR_END):
            return True
    return False


def c_events(text: str) -> Iterator[Any]:
    """libyaml's events; `YAML(typ="safe").parse` yields the same, but builds a loader
    class per call (half the cost of a small file)."""
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # the clib parser it wraps

    parser = CParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def pure_events(text: str) -> Iterator[Any]:
    """ruamel's pure-Python parser: the same events, slower, closer to the YAML spec."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.scanner import ScannerError

    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            if getattr(event, "style", None) == '"' and _SURROGATE_RE.search(event.value):
                # libyaml refuses `"\ud800"`; a lone surrogate cannot be written out as UTF-8
                problem = "found an escape of a UTF-16 surrogate; write the character itself"
                mark = event.start_mark
                raise ScannerError("while parsing a quoted scalar", mark, problem, mark)
            yield event
    except AssertionError as exc:  # a `%YAML 1.3` directive trips an assert, not a YAMLError
        raise YAMLError(f"unsupported YAML directive: {exc}") from None


def read_events(text: str, build: Callable[[Iterator[Any], AnchorMarks], T]) -> T:
    """``build(events, marks)`` over libyaml's events, or the pure parser's where libyaml fails.

    ``build`` appends to ``marks`` where each anchor and alias was written, so a name
    libyaml cut short sends the file to the pure parser too.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if text.endswith((" ", "\t")):
        text += "\n"  # both parsers drop the line break of a last line of spaces (L24T)
    glued = _FLOW_QUESTION_RE.search(text) is not None

    def pure() -> T:
        events = pure_events(text)
        return build(glued_question_keys(text, events) if glued else events, [])

    if not has_libyaml():
        return pure()
    marks: AnchorMarks = []
    try:
        events = c_events(text)
        result = build(glued_question_keys(text, events) if glued else events, marks)
    except MarkedYAMLError as c_error:
        try:
            return pure()
        except YAMLError:
            raise c_error from None
    except LoadError:
        if not misread_anchor(text, marks):
            raise
        return pure()
    return pure() if misread_anchor(text, marks) else result


def glued_question_keys(text: str, events: Iterator[Any]) -> Iterator[Any]:
    """`{ ?foo: bar }`: both parsers read `?foo` as the key `foo`; the spec says `?foo`."""
    from ruamel.yaml.events import ScalarEvent

    for event in events:
        at = event.start_mark.index
        if type(event) is ScalarEvent and not event.style and text[at - 1 : at] == "?":
            before = at - 2
            while before >= 0 and text[before] in " \t\r\n":
                before -= 1
            if before >= 0 and text[before] in "{[,":
                event.value = "?" + event.value
        yield event
