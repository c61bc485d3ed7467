"""A plain deep merge of built-in and project layers, enough to validate them as one document.

The compiler's merge has more rules (directives, provenance); these tests only need mappings
merged and everything else replaced, which is what the example and scaffold files rely on.
"""

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from modelcfg.profiles import builtin_path
from ruamel.yaml import YAML


def merge(low: Any, high: Any) -> Any:
    if isinstance(low, dict) and isinstance(high, dict):
        return {**low, **{k: merge(low[k], v) if k in low else v for k, v in high.items()}}
    return high


def load(path: Path) -> Any:
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8"))
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}


def merged_tree(root_file: Path, overlays: Sequence[Path] = ()) -> dict[str, Any]:
    """The root file on top of what it extends, then the overlays."""
    root = dict(load(root_file))
    tree: dict[str, Any] = {}
    for item in root.pop("extends", []):
        kind, name = item.split(":")
        tree = merge(tree, load(builtin_path(kind, name)))
    tree = merge(tree, root)
    for overlay in overlays:
        tree = merge(tree, load(overlay))
    return tree
