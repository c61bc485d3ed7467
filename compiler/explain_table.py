"""`explain --table`: a setting's value as a compiled table holds it.

A table keeps values, not the layers that set them, so the one origin named is the table file
itself; explaining the project shows every layer.
"""

from collections.abc import Mapping
from typing import Any

from .diagnostic import Span
from .explain import Explanation, parse_path
from .merge import Origin
from .source import value_at


def explain_in_table(envelope: Mapping[str, Any], label: str, setting: str) -> Explanation:
    """The value at dotted ``setting`` in the table body (paths as `diff` of tables prints them)."""
    body = envelope.get("body", {})
    path = parse_path(setting, body)
    found, value = value_at(body, path)
    origins = (Origin("table", Span(label), value),) if found else ()
    return Explanation(path, found, value, origins)
