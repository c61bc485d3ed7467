"""Rebuild schemas.json from OpenAI's OpenAPI description (run by hand, not by the tests).

    python tests/runtime/openai_openapi/extract.py path/to/openai-openapi.yaml

Keeps the component schemas the wire-format tests validate against and every schema they
reference, transitively; the rest of the 2.9 MB document is dropped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOTS = ("CreateChatCompletionRequest", "CreateEmbeddingRequest", "CreateImageRequest")
PREFIX = "#/components/schemas/"


def refs(node: Any) -> set[str]:
    """Names of the component schemas `node` references."""
    found: set[str] = set()
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            ref = x.get("$ref")
            if isinstance(ref, str) and ref.startswith(PREFIX):
                found.add(ref[len(PREFIX) :])
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return found


def extract(doc: dict[str, Any]) -> dict[str, Any]:
    schemas = doc["components"]["schemas"]
    kept: dict[str, Any] = {}
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        if name not in kept:
            kept[name] = schemas[name]
            todo.extend(refs(schemas[name]))
    return {
        "info": {"title": doc["info"]["title"], "version": doc["info"]["version"]},
        "components": {"schemas": dict(sorted(kept.items()))},
    }


def main(source: str) -> None:
    with open(source, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=yaml.CSafeLoader)
    out = Path(__file__).with_name("schemas.json")
    out.write_text(json.dumps(extract(doc), indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
