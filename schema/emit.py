"""JSON Schema of a config document, for editors (VS Code JSON/YAML language servers).

We emit draft-07: it is the draft VS Code's JSON language service and the Red Hat
YAML language server implement fully (completion, hovers, enums, defaults); their
2019-09/2020-12 support is partial. pydantic writes 2020-12 with `$defs`; the
2020-12-isms it uses for our models are the `$defs` location, the `$schema` URI and
keywords next to a `$ref` (draft-07 ignores a `$ref`'s siblings, so the description or
default of such a key would vanish from hovers): we rewrite all three, the last as
`{"allOf": [{"$ref": ...}], "description": ...}`.

Every file is a layer (a root extending presets, an environment overlay), so the
editor schema requires no key: it checks names, types, enums and ranges, and leaves
fields the merged document must have (a provider's `endpoint`) to the compiler, which
sees all layers. For the same reason it accepts the merge directives (`$replace`,
`$delete`, `$append`, `$prepend`) where the compiler's merge does (`directives.py`).
"""

import json
from typing import Any

from .directives import with_directives

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = "https://modelcfg.dev/schema/modelcfg.schema.json"


def document_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a modelcfg document."""
    from .document import Document

    schema = Document.model_json_schema(ref_template="#/definitions/{model}", by_alias=True)
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT, "$id": SCHEMA_ID, **with_directives(_lift_refs(schema))}


def _lift_refs(node: Any) -> Any:
    """Move a `$ref` with sibling keywords into an `allOf` (draft-07), and drop `required`."""
    if isinstance(node, list):
        return [_lift_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    lifted = {key: _lift_refs(value) for key, value in node.items() if key != "required"}
    if "$ref" in lifted and len(lifted) > 1:
        ref = lifted.pop("$ref")
        lifted["allOf"] = [{"$ref": ref}]
    return lifted


def dumps(schema: dict[str, Any]) -> str:
    """Canonical text of a schema: sorted keys, two-space indent, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
