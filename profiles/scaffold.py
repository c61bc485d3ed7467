"""The files `modelcfg init` writes: the layout the README's tour shows.

`modelcfg.yaml` on the chosen presets and the three tuning profiles, with selection rules and
failover chains derived from the presets' context windows; `envs/staging.yaml` and
`envs/production.yaml` overlays; a `.gitignore` for local overrides and caches; and the copy of
the JSON Schema the files' editor hints point at.
"""

from __future__ import annotations

from typing import Any

from modelcfg.schema.classes import CHAT_CLASS_NAMES

from . import builtin_names
from .preset_provider import preset_provider

SCHEMA_COPY = ".modelcfg/modelcfg.schema.json"
GITIGNORE = ".gitignore"


def scaffold(presets: list[str]) -> tuple[dict[str, str], list[str]]:
    """The files to write (path relative to the project -> text), and the API key variables to set."""
    from modelcfg.schema.emit import document_schema, dumps

    providers = {name: preset_provider(name) for name in presets}
    windows = {name: context_windows(provider) for name, provider in providers.items()}
    files = {
        "modelcfg.yaml": root_file(presets, windows),
        "envs/staging.yaml": STAGING_OVERLAY,
        "envs/production.yaml": PRODUCTION_OVERLAY,
        GITIGNORE: GITIGNORE_TEXT,
        SCHEMA_COPY: dumps(document_schema()),
    }
    return files, [p["api_key_env"] for p in providers.values() if p.get("api_key_env")]


def root_file(presets: list[str], windows: dict[str, dict[str, int | None]]) -> str:
    """Text of the scaffold's modelcfg.yaml."""
    extends = [f"preset:{name}" for name in presets] + [f"profile:{p}" for p in builtin_names("profile")]
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_COPY}",
        "# Model settings for this project. Check: modelcfg lint   "
        "Explain a value: modelcfg explain selection.default_provider",
        "# After upgrading modelcfg, refresh the editor schema: modelcfg schema -o " + SCHEMA_COPY,
        "version: 1",
        "extends:",
        *[f"  - {item}" for item in extends],
        "",
        "environments:",
        "  staging: [envs/staging.yaml]",
        "  production: [envs/production.yaml]",
        "",
    ]
    if "claude_vertex" in presets:
        lines += [
            "providers:",
            "  claude_vertex:",
            "    vertex:",
            "      project: my-gcp-project   # your Google Cloud project id",
            "",
        ]
    lines += [
        "selection:",
        f"  default_provider: {presets[0]}",
        "  default_profile: balanced",
        "  rules:",
        "    - when: {speed: fast}",
        "      class: small",
        "    - when: {complexity: high}",
        "      class: large",
        "  tasks:",
        "    summarize: {class: small, profile: precise}",
        "    brainstorm: {class: medium, profile: creative}",
    ]
    chains = failover_chains(presets, windows)
    if chains:
        lines += ["", "failover:", "  chains:"]
        lines += [f"    {head}: [{', '.join(rest)}]" for head, rest in chains]
    return "\n".join(lines) + "\n"


def failover_chains(
    presets: list[str], windows: dict[str, dict[str, int | None]]
) -> list[tuple[str, list[str]]]:
    """From the default provider, each chat class fails over to the other presets serving it
    with at least the same context window (a smaller one would refuse the long requests)."""
    head = presets[0]
    chains = []
    for cls in CHAT_CLASS_NAMES:
        need = windows[head].get(cls)
        rest = [f"{name}/{cls}" for name in presets[1:] if need and (windows[name].get(cls) or 0) >= need]
        if rest:
            chains.append((f"{head}/{cls}", rest))
    return chains


def context_windows(provider: dict[str, Any]) -> dict[str, int | None]:
    """Context window of each chat class a preset serves: declared, else the catalog's."""
    from .catalog import load_catalog, namespace_for

    namespace = namespace_for(provider["endpoint"], provider.get("catalog"))
    windows: dict[str, int | None] = {}
    for cls, ref in provider.get("models", {}).items():
        spec = ref if isinstance(ref, dict) else {"id": ref}
        if cls not in CHAT_CLASS_NAMES or not spec.get("id"):
            continue
        info = load_catalog().lookup(namespace, spec["id"]) if namespace else None
        declared = spec.get("max_input_tokens") or provider.get("max_input_tokens")
        windows[cls] = declared or (info.max_input_tokens if info else None)
    return windows


STAGING_OVERLAY = f"""# yaml-language-server: $schema=../{SCHEMA_COPY}
# Applied on top of modelcfg.yaml by: modelcfg compile --env staging
# Fewer retries than production, so a failing provider shows up while you test.
failover:
  retry:
    attempts: 2
"""

PRODUCTION_OVERLAY = f"""# yaml-language-server: $schema=../{SCHEMA_COPY}
# Applied on top of modelcfg.yaml by: modelcfg compile --env production
selection:
  default_profile: precise
failover:
  retry:
    attempts: 4
  breaker:
    failure_threshold: 3
"""

GITIGNORE_TEXT = """# modelcfg: local overrides and caches stay out of git (build/ holds the committed table)
modelcfg.local.yaml
modelcfg.local.toml
.modelcfg_cache/
"""
