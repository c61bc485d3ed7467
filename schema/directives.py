"""The merge directives in the editor schema, where the compiler's merge accepts them.

- `$replace: true|false` and `$delete: key | [keys]` in any mapping (`compiler/merge.py`
  applies them to every mapping of every layer, list items included);
- `{$append: [...], $prepend: [...]}` as the value of a list-valued key, with the
  list's own item schema; not as a list item, and not for `extends` or an
  environment's file list, which are read from the file that writes them.

Every file is a layer, so every file may use them; whether a `$delete`d key exists
below is for the compiler to say (MC106), as it sees the other layers.
"""

from typing import Any

__all__ = ["DIRECTIVES", "with_directives"]

DIRECTIVES = ("$replace", "$delete", "$append", "$prepend")

_REPLACE = {
    "type": "boolean",
    "title": "Replace (merge directive)",
    "description": "`true`: this mapping replaces the one lower layers set, instead of merging into it.",
}
_DELETE = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    "title": "Delete (merge directive)",
    "description": "Keys set by lower layers to drop here, like `[seed]`.",
    "examples": [["seed"]],
}
_MAP_DIRECTIVE_NAMES = {"enum": ["$replace", "$delete"]}
#: What an editor shows in a hover; kept on the key, outside the `anyOf` of list or directive.
_NOTES = ("title", "description", "default", "examples")
#: Root keys whose lists are read from the file that writes them, never merged.
_UNMERGED_LISTS = frozenset({"extends", "environments"})


def with_directives(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a draft-07 document schema that accepts the merge directives."""
    result: dict[str, Any] = _walk(schema, lists=True)
    for name in _UNMERGED_LISTS & result.get("properties", {}).keys():
        result["properties"][name] = _walk(schema["properties"][name], lists=False)
    return result


def _walk(node: Any, *, lists: bool) -> Any:
    """``node`` with map directives on every mapping and, if ``lists``, list directives on values."""
    if isinstance(node, list):
        return [_walk(item, lists=lists) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _walk(value, lists=lists) for key, value in node.items()}
    if node.get("type") != "object":
        return result
    values = result.get("properties", {})
    if lists:
        values = {key: _list_value(value) for key, value in values.items()}
        if isinstance(result.get("additionalProperties"), dict):
            result["additionalProperties"] = _list_value(result["additionalProperties"])
    result["properties"] = {**values, "$replace": _REPLACE, "$delete": _DELETE}
    if "propertyNames" in result:
        result["propertyNames"] = {"anyOf": [result["propertyNames"], _MAP_DIRECTIVE_NAMES]}
    return result


def _list_value(value: dict[str, Any]) -> dict[str, Any]:
    """A mapping's value schema that also takes `{$append: [...], $prepend: [...]}` where it is a list."""
    if value.get("type") == "array":
        notes: dict[str, Any] = {key: value[key] for key in _NOTES if key in value}
        array = {key: item for key, item in value.items() if key not in notes}
        return {**notes, "anyOf": [array, _extend(array)]}
    branches = value.get("anyOf")
    if isinstance(branches, list):
        arrays = [branch for branch in branches if branch.get("type") == "array"]
        if arrays:
            return {**value, "anyOf": [*branches, _extend(arrays[0])]}
    return value


def _extend(array: dict[str, Any]) -> dict[str, Any]:
    """`{$append: [...], $prepend: [...]}` for a list whose items follow ``array``'s schema."""
    items = {"type": "array", "items": array.get("items", {})}
    return {
        "type": "object",
        "title": "Extend the inherited list (merge directive)",
        "description": "Keeps the list lower layers set and adds items: `$prepend` before, `$append` after.",
        "properties": {
            "$append": {**items, "description": "Items added after the inherited ones."},
            "$prepend": {**items, "description": "Items added before the inherited ones."},
        },
        "additionalProperties": False,
        "minProperties": 1,
    }
