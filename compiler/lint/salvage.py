"""A document to lint when the config does not validate: drop each invalid value, keep the rest.

The compiler reports why validation failed; the linter still checks everything else, so one bad
value does not hide every other finding (the seed's `repetition_penalty: 0.0` next to a
misspelt model id).
"""

import copy
from typing import Any

from modelcfg.schema import Document

MAX_ROUNDS = 25


def salvage(tree: Any) -> Document | None:
    """The document left after pruning invalid values one at a time; None if nothing validates."""
    from pydantic import ValidationError

    if not isinstance(tree, dict):
        return None
    tree = copy.deepcopy(tree)
    for _ in range(MAX_ROUNDS):
        try:
            return Document.model_validate(tree)
        except ValidationError as exc:
            deepest = max((e["loc"] for e in exc.errors()), key=len)
            if not prune(tree, deepest):
                return None
    return None


def prune(tree: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    """Delete the deepest value of ``tree`` along ``loc``, skipping union tags pydantic adds."""
    parent: Any = None
    key: Any = None
    node: Any = tree
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            parent, key, node = node, part, node[part]
    if parent is None:
        return False
    del parent[key]
    return True
