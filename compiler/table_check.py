"""Check a compiled table read from disk against the published table schema.

`diff`, `export --table`, `cache`/`usage`/`bench --table` read tables written by
`modelcfg compile` (or by another tool). Before using one they validate it against
`modelcfg schema --table` (`table_schema.py`) with jsonschema, and name the first
violations by JSON path. The runtime keeps its own light checks (`runtime/table_shape.py`):
it cannot import the compiler.

jsonschema walks every leaf in Python (≈ 0.8 ms per provider), so a large table is first
offered to fastjsonschema's validator compiled from the same schema (≈ 10× faster, but
≈ 90 ms to compile, which only a large table repays); jsonschema still names what is wrong
when that check refuses.
"""

import functools
import json
from pathlib import Path
from typing import Any

from modelcfg.schema.secrets import mask_secrets

from .regular_file import read_regular
from .table_schema import table_schema

__all__ = ["check_table_file", "table_problem", "table_violations"]

#: How many violations a message lists; the rest are counted.
SHOWN = 3
#: From this many providers a table is first checked by the compiled validator.
LARGE_TABLE_PROVIDERS = 200
_MAX_BYTES = 256 * 1024 * 1024
_MAX_MESSAGE = 160


@functools.cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft7Validator(_inlined(table_schema()))


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its (non-recursive) `#/definitions/…` references written in place: jsonschema
    resolves a `$ref` anew at every provider and model, which costs 40% of a large table's check."""
    definitions = schema.get("definitions", {})

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/") and len(node) == 1:
                name = ref.removeprefix("#/definitions/")
                if name in definitions and name not in seen:
                    return inline(definitions[name], (*seen, name))
            return {k: inline(v, seen) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v, seen) for v in node]
        return node

    result: dict[str, Any] = inline(schema, ())
    return result


@functools.cache
def _compiled_validator() -> Any:
    import fastjsonschema

    return fastjsonschema.compile(table_schema())


def accepted_fast(envelope: Any) -> bool:
    """True when the compiled validator accepts ``envelope`` (False: ask jsonschema what is wrong)."""
    from fastjsonschema import JsonSchemaException

    try:
        _compiled_validator()(envelope)
    except JsonSchemaException:
        return False
    return True


def _large(envelope: Any) -> bool:
    body = envelope.get("body") if isinstance(envelope, dict) else None
    providers = body.get("providers") if isinstance(body, dict) else None
    return isinstance(providers, dict) and len(providers) >= LARGE_TABLE_PROVIDERS


def table_violations(envelope: Any) -> list[str]:
    """Every way ``envelope`` breaks the table schema, as `$.json.path: what is wrong`, path order."""
    if _large(envelope) and accepted_fast(envelope):
        return []
    errors = sorted(_validator().iter_errors(envelope), key=lambda e: (e.json_path, e.message))
    return [f"{e.json_path}: {_short(mask_secrets(e.message))}" for e in errors]


def check_table_file(path: Path) -> str | None:
    """Why the JSON table at ``path`` is not a valid compiled table, or None if it is.

    A file that cannot be read or is not JSON also gives None: the command's own
    loader reports that in its words.
    """
    try:
        envelope = json.loads(read_regular(path, _MAX_BYTES))
    except (OSError, ValueError, RecursionError):
        return None
    return table_problem(path, envelope)


def table_problem(path: Path, envelope: Any) -> str | None:
    """Why the parsed table read from ``path`` breaks the table schema, or None if it does not."""
    try:
        violations = table_violations(envelope)
    except RecursionError:
        return f"{path}: nested too deeply to be a modelcfg table"
    if not violations:
        return None
    shown = "".join(f"\n  {v}" for v in violations[:SHOWN])
    more = len(violations) - SHOWN
    rest = f"\n  … and {more} more" if more > 0 else ""
    return (
        f"{path}: not a valid modelcfg table (checked against `modelcfg schema --table`):"
        f"{shown}{rest}\ngive a table written by `modelcfg compile`"
    )


def _short(message: str) -> str:
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"
