"""Derive `catalog.json` from LiteLLM's `model_prices_and_context_window.json`.

The built-in catalog comes from LiteLLM's release history: one wheel a month (see
`releases`), folded oldest first with each model's life (see `history`). The tables are
kept in CACHE, so a second run downloads nothing new and `--offline` none at all:

    python -m modelcfg.profiles.derive --history ~/.cache/modelcfg/litellm-history

This module normalizes one table: only the fields modelcfg uses, under our namespaces
and the ids each provider's API expects. Given plain copies instead, oldest first, it
folds them without release history (facts carry over, a model the newest copy dropped
is kept and marked retired, a namespace missing entirely is a gap, not a retirement):

    python -m modelcfg.profiles.derive OLD.json CURRENT.json -o /tmp/catalog.json
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

# The one writer of every output; the catalog and schema commands use it from here.
from modelcfg.compiler.atomic import write_atomic as write_atomic

FORMAT = 1

#: LiteLLM provider -> our namespace; providers not listed are left out of the catalog.
PROVIDER_NAMESPACES: Mapping[str, str] = {
    "openai": "openai",
    "text-completion-openai": "openai",
    "anthropic": "anthropic",
    "gemini": "gemini",
    "xai": "xai",
    "groq": "groq",
    "together_ai": "together_ai",
    "openrouter": "openrouter",
    "mistral": "mistral",
    "deepseek": "deepseek",
    "fireworks_ai": "fireworks_ai",
    "deepinfra": "deepinfra",
    "ollama": "ollama",
    "cohere": "cohere",
    "cohere_chat": "cohere",
    "voyage": "voyage",
    "perplexity": "perplexity",
    "cerebras": "cerebras",
}
VERTEX_PREFIX = "vertex_ai"

MODES: Mapping[str, str] = {
    "chat": "chat",
    "completion": "completion",
    "responses": "responses",
    "embedding": "embedding",
    "image_generation": "image",
}

#: LiteLLM flag -> modelcfg Capability value.
CAPABILITY_FLAGS: Mapping[str, str] = {
    "supports_vision": "vision",
    "supports_function_calling": "function_calling",
    "supports_response_schema": "response_schema",
    "supports_system_messages": "system_messages",
    "supports_reasoning": "reasoning",
    "supports_prompt_caching": "prompt_caching",
    "supports_pdf_input": "pdf_input",
    "supports_audio_input": "audio_input",
    "supports_web_search": "web_search",
}

#: Embedding models whose API takes a smaller `dimensions` (Matryoshka-trained).
REDUCIBLE_EMBEDDINGS = re.compile(r"^(text-embedding-3-|gemini-embedding-|text-embedding-00[45]|embed-v4)")

#: Families whose API answered `<family>-latest` with the newest dated id (Claude 3.x on Anthropic).
LATEST_ALIAS_NAMESPACES = frozenset({"anthropic"})
_LATEST_FAMILY = re.compile(r"^claude-3-(?:5-|7-|opus)")

_SIZED_IMAGE = re.compile(r"^(?:(?:low|medium|high|hd|standard)/)?\d+-x-\d+/")
_PRICE_BUCKET = re.compile(r"^(?:together-ai|fireworks-ai)-")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATED = re.compile(r"^(?P<base>.+?)-(?P<date>20\d{6})$")

Facts = dict[str, Any]
Models = dict[str, dict[str, Facts]]
Aliases = dict[str, dict[str, str]]


def namespace_of(provider: str) -> str | None:
    """Our namespace for a LiteLLM provider, or None to leave its models out."""
    if provider == VERTEX_PREFIX or provider.startswith(VERTEX_PREFIX + "-"):
        return "vertex_ai"
    return PROVIDER_NAMESPACES.get(provider)


def model_id_of(key: str, provider: str, namespace: str) -> str | None:
    """The id a provider's API expects, from a LiteLLM key; None for keys that are not models."""
    if _PRICE_BUCKET.match(key) or key.startswith("ft:"):
        return None
    key = _SIZED_IMAGE.sub("", key)
    for prefix in (namespace, provider):
        if key.startswith(prefix + "/"):
            return key[len(prefix) + 1 :]
    first = key.split("/", 1)[0]
    if "/" in key and (first in PROVIDER_NAMESPACES or first in ("azure", "bedrock", VERTEX_PREFIX)):
        return None  # another provider's copy of the model
    return key


def facts_of(entry: Mapping[str, Any], namespace: str, model_id: str) -> Facts:
    """Only the fields modelcfg uses, with unknowns left out."""
    facts: Facts = {"mode": MODES[entry["mode"]]}
    for field in ("max_input_tokens", "max_output_tokens", "output_vector_size"):
        value = entry.get(field)
        if isinstance(value, int) and value > 0:
            facts[field] = value
    legacy = entry.get("max_tokens")
    windowless = "max_input_tokens" not in entry and "max_output_tokens" not in entry
    if windowless and isinstance(legacy, int) and legacy > 0 and facts["mode"] != "embedding":
        facts["max_input_tokens"] = legacy  # 2023 tables: `max_tokens` was the context window
    for field in ("input_cost_per_token", "output_cost_per_token"):
        value = entry.get(field)
        if isinstance(value, int | float):
            facts[field] = value
    deprecation = entry.get("deprecation_date")
    if isinstance(deprecation, str) and _ISO_DATE.match(deprecation):
        facts["deprecation_date"] = deprecation
    successor = entry.get("successor_model")
    if isinstance(successor, str):
        facts["successor"] = model_id_of(successor, namespace, namespace) or successor
    capabilities = sorted(cap for flag, cap in CAPABILITY_FLAGS.items() if entry.get(flag) is True)
    if capabilities:
        facts["capabilities"] = capabilities
    if entry.get("supports_sampling_params") is False:
        facts["sampling_params"] = False
    if facts["mode"] == "embedding" and REDUCIBLE_EMBEDDINGS.match(model_id):
        facts["reducible_dimensions"] = True
    return facts


def normalize(raw: Mapping[str, Any]) -> tuple[Models, Aliases]:
    """LiteLLM's table as (models by namespace and id, LiteLLM's own `alias_of` names)."""
    models: Models = {}
    pending_aliases: list[tuple[str, str]] = []
    for key, entry in sorted(raw.items()):
        if not isinstance(entry, dict):
            continue
        if "alias_of" in entry:
            pending_aliases.append((key, entry["alias_of"]))
            continue
        provider = entry.get("litellm_provider")
        if not isinstance(provider, str) or entry.get("mode") not in MODES:
            continue
        namespace = namespace_of(provider)
        model_id = model_id_of(key, provider, namespace) if namespace else None
        if namespace is None or model_id is None:
            continue
        facts = facts_of(entry, namespace, model_id)
        models.setdefault(namespace, {}).setdefault(model_id, {}).update(facts)
    return models, _litellm_aliases(raw, models, pending_aliases)


def _litellm_aliases(
    raw: Mapping[str, Any], models: Models, pending: Iterable[tuple[str, str]]
) -> Aliases:
    aliases: Aliases = {}
    for alias_key, target_key in pending:
        target = raw.get(target_key)
        if not isinstance(target, dict) or not isinstance(target.get("litellm_provider"), str):
            continue
        namespace = namespace_of(target["litellm_provider"])
        if namespace is None:
            continue
        alias = model_id_of(alias_key, target["litellm_provider"], namespace)
        target_id = model_id_of(target_key, target["litellm_provider"], namespace)
        if alias and target_id and target_id in models.get(namespace, {}):
            aliases.setdefault(namespace, {})[alias] = target_id
    return aliases


def merge(copies: Iterable[tuple[Models, Aliases]]) -> dict[str, Any]:
    """Fold copies oldest first into one catalog document (no release history: see `history`)."""
    models: Models = {}
    aliases: Aliases = {}
    latest: Models = {}
    for latest, copy_aliases in copies:
        for namespace, entries in latest.items():
            merged = models.setdefault(namespace, {})
            for model_id, facts in entries.items():
                previous = {k: v for k, v in merged.get(model_id, {}).items() if k != "retired"}
                merged[model_id] = {**previous, **facts}
        for namespace, names in copy_aliases.items():
            aliases.setdefault(namespace, {}).update(names)
    for namespace, entries in models.items():
        if namespace not in latest:
            continue
        for model_id, facts in entries.items():
            if model_id not in latest[namespace]:
                facts["retired"] = True
    return {"format": FORMAT, **finish(models, aliases)}


def finish(models: Models, aliases: Aliases) -> dict[str, Any]:
    """Sorted models and aliases, with undated names of dated ids added (`claude-3-5-haiku`)."""
    for namespace, entries in models.items():
        derived = derived_aliases(entries, latest_names=namespace in LATEST_ALIAS_NAMESPACES)
        names = {**derived, **aliases.get(namespace, {})}
        aliases[namespace] = {a: t for a, t in names.items() if a not in entries and t in entries}
    return {
        "models": {ns: dict(sorted(e.items())) for ns, e in sorted(models.items())},
        "aliases": {ns: dict(sorted(a.items())) for ns, a in sorted(aliases.items()) if a},
    }


def derived_aliases(entries: Mapping[str, Facts], latest_names: bool) -> dict[str, str]:
    """Undated (and `-latest`) names of dated ids: `claude-3-5-haiku` -> `claude-3-5-haiku-20241022`."""
    newest: dict[str, str] = {}
    for model_id in sorted(entries):
        match = _DATED.match(model_id)
        if match:
            newest[match["base"]] = model_id  # sorted, so the last date wins
    aliases: dict[str, str] = {}
    for base, model_id in newest.items():
        if base not in entries:
            aliases[base] = model_id
        if latest_names and _LATEST_FAMILY.match(base):
            aliases[base + "-latest"] = model_id
    return aliases


def read_copy(path: Path) -> tuple[Models, Aliases]:
    """A LiteLLM table, or one of our catalog.json files, as normalized models and aliases."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return from_document(data)


def from_document(data: Mapping[str, Any]) -> tuple[Models, Aliases]:
    """Normalize parsed JSON that is either LiteLLM's table or our catalog format."""
    if data.get("format") == FORMAT and "models" in data:
        return data["models"], data.get("aliases", {})
    return normalize(data)


def dumps(catalog: Mapping[str, Any]) -> str:
    """Catalog text: one model per line, so a refresh reads as a small diff."""
    lines = ["{", f' "format": {catalog["format"]},']
    if catalog.get("releases"):
        lines.append(f' "releases": {json.dumps(catalog["releases"])},')
    lines.append(' "aliases": {')
    alias_items = list(catalog["aliases"].items())
    for n, (namespace, names) in enumerate(alias_items):
        comma = "," if n < len(alias_items) - 1 else ""
        lines.append(f"  {json.dumps(namespace)}: {json.dumps(names, sort_keys=True)}{comma}")
    lines += [" },", ' "models": {']
    namespaces = list(catalog["models"].items())
    for n, (namespace, entries) in enumerate(namespaces):
        lines.append(f"  {json.dumps(namespace)}: {{")
        items = list(entries.items())
        for i, (model_id, facts) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            lines.append(f"   {json.dumps(model_id)}: {json.dumps(facts, sort_keys=True)}{comma}")
        lines.append("  }" + ("," if n < len(namespaces) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def from_history(cache: Path, offline: bool = False, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Download (or reuse from ``cache``) a monthly sample of LiteLLM releases and fold it;
    ``offline``: fold the tables already in ``cache``."""
    from .history import Snapshot, fold
    from .releases import cached_sample, download_history

    sample = cached_sample(cache) if offline else download_history(cache, log)
    if not sample:
        raise LookupError(f"no LiteLLM tables in {cache}: run without --offline first")
    snapshots = []
    for release, path in sample:
        models, aliases = read_copy(path)
        assert release.published is not None
        snapshots.append(Snapshot(release.version, release.published.isoformat(), models, aliases))
    return fold(snapshots)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("copies", nargs="*", type=Path, help="LiteLLM tables (or catalogs), oldest first")
    parser.add_argument(
        "--history",
        metavar="CACHE",
        type=Path,
        nargs="?",
        const=Path("-"),
        help="derive from LiteLLM's release history instead, keeping the tables in CACHE "
        "(default: the user cache directory, ~/.cache/modelcfg/litellm-history on Linux)",
    )
    parser.add_argument(
        "--offline", action="store_true", help="with --history: use only the tables already in CACHE"
    )
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("catalog.json"))
    args = parser.parse_args(argv)
    if args.history is None and not args.copies:
        parser.error("give LiteLLM tables, or --history CACHE")
    if args.history == Path("-"):
        from .releases import default_cache

        args.history = default_cache()
    try:
        if args.history is not None:
            catalog = from_history(args.history, offline=args.offline)
        else:
            catalog = merge(read_copy(path) for path in args.copies)
    except subprocess.CalledProcessError as exc:
        parser.exit(2, f"error: `{' '.join(map(str, exc.cmd))}` failed with status {exc.returncode}\n")
    except (OSError, LookupError, ValueError) as exc:
        parser.exit(2, f"error: {exc}\n")
    write_atomic(args.output, dumps(catalog))
    count = sum(len(e) for e in catalog["models"].values())
    print(f"wrote {args.output}: {count} models in {len(catalog['models'])} namespaces")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
