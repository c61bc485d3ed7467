"""A built-in preset's provider section, read from its file (endpoint, catalog, models)."""

from typing import Any

from . import builtin_path


def preset_provider(name: str) -> dict[str, Any]:
    """`providers.<name>` of built-in preset ``name``; KeyError naming the known presets if none."""
    from ruamel.yaml import YAML

    document = YAML(typ="safe").load(builtin_path("preset", name).read_text(encoding="utf-8"))
    provider: dict[str, Any] = document["providers"][name]
    return provider
