"""`modelcfg init`: scaffold a project on built-in presets, with editor hints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from modelcfg.profiles import builtin_names
from modelcfg.schema.classes import CHAT_CLASS_NAMES

SCHEMA_COPY = ".modelcfg/modelcfg.schema.json"
CHAT_CLASSES = CHAT_CLASS_NAMES


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--preset",
    "presets",
    multiple=True,
    type=click.Choice(builtin_names("preset")),
    help="Provider preset to build on (repeatable; the first is the default provider). Default: openai.",
)
def init_command(directory: Path, presets: tuple[str, ...]) -> None:
    """Create a modelcfg project in DIRECTORY (default: here); never overwrites a file.

    Writes modelcfg.yaml (extends the presets and the three tuning profiles, with
    selection rules and a failover chain), a production overlay, and a copy of the JSON
    Schema that the files' editor hints point at.

    \b
    Example:
      modelcfg init my-agent --preset openai --preset anthropic --preset groq
    """
    from modelcfg.cli.schema_cmd import schema_text

    chosen = list(dict.fromkeys(presets or ("openai",)))
    providers = _preset_providers(chosen)
    windows = {name: _windows(provider) for name, provider in providers.items()}
    key_envs = [p["api_key_env"] for p in providers.values() if p.get("api_key_env")]
    files = {
        "modelcfg.yaml": root_file(chosen, windows),
        "envs/production.yaml": PRODUCTION_OVERLAY,
        SCHEMA_COPY: schema_text(),
    }
    existing = [name for name in files if (directory / name).exists()]
    if existing:
        raise click.UsageError(
            f"refusing to overwrite {', '.join(str(directory / n) for n in existing)}; "
            "choose another directory or move these files away"
        )
    from modelcfg.compiler.atomic import write_atomic, write_error

    for name, text in files.items():
        path = directory / name
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise click.UsageError(write_error(path, exc)) from exc
        click.echo(f"created {path}")
    click.echo(
        f"\nnext: set {', '.join(key_envs) or 'your API keys'} in the environment, then\n"
        f"  modelcfg lint {directory}\n"
        f"  modelcfg compile {directory} --env production -o build/modelcfg.lock.json\n"
        "add modelcfg.local.yaml to .gitignore for personal overrides"
    )


def root_file(presets: list[str], windows: dict[str, dict[str, int | None]]) -> str:
    """Text of the scaffold's modelcfg.yaml."""
    extends = [f"preset:{name}" for name in presets] + [f"profile:{p}" for p in builtin_names("profile")]
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_COPY}",
        "# Model settings for this project. Check: modelcfg lint .   Explain a value: modelcfg explain . KEY",
        "# After upgrading modelcfg, refresh the editor schema: modelcfg schema -o " + SCHEMA_COPY,
        "version: 1",
        "extends:",
        *[f"  - {item}" for item in extends],
        "",
        "environments:",
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
    chains = _chains(presets, windows)
    if chains:
        lines += ["", "failover:", "  chains:"]
        lines += [f"    {head}: [{', '.join(rest)}]" for head, rest in chains]
    return "\n".join(lines) + "\n"


def _chains(presets: list[str], windows: dict[str, dict[str, int | None]]) -> list[tuple[str, list[str]]]:
    """From the default provider, each chat class fails over to the other presets serving it
    with at least the same context window (a smaller one would refuse the long requests)."""
    head = presets[0]
    chains = []
    for cls in CHAT_CLASSES:
        need = windows[head].get(cls)
        rest = [f"{name}/{cls}" for name in presets[1:] if need and (windows[name].get(cls) or 0) >= need]
        if rest:
            chains.append((f"{head}/{cls}", rest))
    return chains


def _windows(provider: dict[str, Any]) -> dict[str, int | None]:
    """Context window of each chat class a preset serves: declared, else the catalog's."""
    from modelcfg.profiles.catalog import load_catalog, namespace_for

    namespace = namespace_for(provider["endpoint"], provider.get("catalog"))
    windows: dict[str, int | None] = {}
    for cls, ref in provider.get("models", {}).items():
        spec = ref if isinstance(ref, dict) else {"id": ref}
        if cls not in CHAT_CLASSES or not spec.get("id"):
            continue
        info = load_catalog().lookup(namespace, spec["id"]) if namespace else None
        declared = spec.get("max_input_tokens") or provider.get("max_input_tokens")
        windows[cls] = declared or (info.max_input_tokens if info else None)
    return windows


def _preset_providers(presets: list[str]) -> dict[str, dict[str, Any]]:
    """Each preset's provider section, read from the built-in files."""
    from ruamel.yaml import YAML

    from modelcfg.profiles import builtin_path

    yaml = YAML(typ="safe")
    return {
        name: yaml.load(builtin_path("preset", name).read_text(encoding="utf-8"))["providers"][name]
        for name in presets
    }


PRODUCTION_OVERLAY = f"""# yaml-language-server: $schema=../{SCHEMA_COPY}
# Applied on top of modelcfg.yaml by: modelcfg compile . --env production
selection:
  default_profile: precise
failover:
  retry:
    attempts: 4
  breaker:
    failure_threshold: 3
"""
