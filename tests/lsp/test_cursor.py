"""Reading the setting under the cursor from text (half-typed buffers) and columns in the client's units."""

import pytest
from modelcfg.compiler import Span

from modelcfg.lsp.cursor import Cursor, cursor_at
from modelcfg.lsp.ranges import char_column, client_column, span_range, use_encoding

YAML = """\
providers:
  openai:
    models:
      large: gpt-
    rate_limits: {rpm: 5}
selection:
  rules:
    - when: {speed: fast}
      class: sm
    - class: large
      provider: gr
extends:
  - preset:openai
  - prof
"""


def _at(text: str, needle: str, label: str = "modelcfg.yaml") -> Cursor:
    index = text.index(needle) + len(needle)
    row = text.count("\n", 0, index)
    return cursor_at(text, label, row, index - (text.rfind("\n", 0, index) + 1))


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("large: gpt-", Cursor("value", ("providers", "openai", "models"), "large", "gpt-", 13)),
        ("class: sm", Cursor("value", ("selection", "rules", 0), "class", "sm", 13)),
        ("provider: gr", Cursor("value", ("selection", "rules", 1), "provider", "gr", 16)),
        ("  - prof", Cursor("value", ("extends",), 1, "prof", 4)),
        ("    rate_l", Cursor("key", ("providers", "openai"), "rate_l", "rate_l", 4)),
    ],
)
def test_yaml_cursor(needle: str, expected: Cursor) -> None:
    assert _at(YAML, needle) == expected


def test_yaml_cursor_on_an_empty_line_takes_its_indentation() -> None:
    text = "providers:\n  openai:\n    \n"
    assert cursor_at(text, "modelcfg.yaml", 2, 4) == Cursor("key", ("providers", "openai"), None, "", 4)
    assert cursor_at(text, "modelcfg.yaml", 2, 2) == Cursor("key", ("providers",), None, "", 2)


def test_toml_cursor_reads_table_headers_and_dotted_keys() -> None:
    text = (
        '[providers.openai]\nmodels.large = "gpt-6\n\n'
        '[[selection.rules]]\nclass = "small"\n\n[[selection.rules]]\npro'
    )
    assert _at(text, '"gpt-6', "envs/production.toml") == Cursor(
        "value", ("providers", "openai", "models"), "large", "gpt-6", 16
    )
    assert _at(text, "\npro", "envs/production.toml") == Cursor(
        "key", ("selection", "rules", 1), "pro", "pro", 0
    )


def test_columns_count_utf16_units_by_default_and_the_agreed_encoding_otherwise() -> None:
    line = 'name: "🙂 é x"'
    assert client_column(line, 9) == 10  # the emoji is two UTF-16 units
    assert char_column(line, 10) == 9
    try:
        use_encoding("utf-8")
        assert client_column(line, 9) == 12  # four bytes for the emoji, then "é" is two
        assert char_column(line, 12) == 9
    finally:
        use_encoding("utf-16")


def test_span_range_follows_lint_carets() -> None:
    lines = ["a:", "  key: value  # note"]
    assert span_range(Span("f", 2, 3, 2, 6), lines).end.character == 5
    whole = span_range(Span("f", 2, 8), lines)  # no end: to the end of the line, as lint's caret
    assert (whole.start.character, whole.end.character) == (7, 20)
    assert span_range(Span("f", 0, 0), lines).start.line == 0
