"""JSON Schema of a config document, for editors (VS Code JSON/YAML language servers).

We emit draft-07: it is the draft VS Code's JSON language service and the Red Hat
YAML language server implement fully (completion, hovers, enums, defaults); their
2019-09/2020-12 support is partial. pydantic writes 2020-12 with `$defs`; the only
2020-12-isms it uses for our models are the `$defs` location and the `$schema` URI,
which we rewrite.
"""

import json
from typing import Any

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = "https://modelcfg.dev/schema/modelcfg.schema.json"


def document_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a modelcfg document."""
    from .document import Document

    schema = Document.model_json_schema(ref_template="#/definitions/{model}", by_alias=True)
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT, "$id": SCHEMA_ID, **schema}


def dumps(schema: dict[str, Any]) -> str:
    """Canonical text of a schema: sorted keys, two-space indent, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
