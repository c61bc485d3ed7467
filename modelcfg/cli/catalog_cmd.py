"""`modelcfg catalog`: look up models and refresh the built-in catalog."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .errors import fail
from .options import Command, format_option, output_option

if TYPE_CHECKING:
    from modelcfg.profiles.catalog import Catalog, ModelInfo


@click.group("catalog")
def catalog_group() -> None:
    """Look up models in the catalog and refresh it.

    \b
    Examples:
      modelcfg catalog show claude-sonnet-5-5
      modelcfg catalog list --provider groq --mode chat
      modelcfg catalog update --from https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json

    The built-in catalog is derived from LiteLLM's release history (docs/foundation.md);
    `update` writes the user's own refresh, read over it.
    """


@catalog_group.command("show", cls=Command, renamed={"--json": ("--format", "json")})
@click.argument("model")
@click.option(
    "--provider",
    "namespace",
    metavar="NS",
    help="Catalog namespace (openai, gemini, xai, ...) or a preset name.",
)
@format_option(("text", "json"))
@click.option("--source", "with_source", is_flag=True, help="Also say which catalog file answered.")
def show_command(model: str, namespace: str | None, fmt: str, with_source: bool) -> None:
    """Show what the catalog knows about MODEL (exit 1 when it is unknown).

    Fine-tuned ids (`ft:gpt-4o-mini-2024-07-18:org:name:id`) show their base's facts.
    `--json` still works for this release (deprecated; use --format json).

    \b
    Example:
      modelcfg catalog show claude-3-5-haiku --provider anthropic --source
    """
    from modelcfg.profiles.catalog_query import did_you_mean, find_models

    catalog = _catalog()
    namespace = _namespace(catalog, namespace)
    found = find_models(catalog, model, namespace)
    if not found:
        where = f" in `{namespace}`" if namespace else ""
        fail(f"unknown model `{model}`{where}{did_you_mean(catalog, model, namespace)}", 1)
    if fmt == "json":
        click.echo(json.dumps([_as_json(info, catalog) for info in found], indent=2, sort_keys=True))
        return
    click.echo("\n\n".join(_describe(info, catalog if with_source else None) for info in found))


@catalog_group.command("list")
@click.option("--provider", "namespace", metavar="NS", help="Only this catalog namespace (or preset's).")
@click.option(
    "--mode",
    type=click.Choice(["chat", "completion", "responses", "embedding", "image"]),
    help="Only this mode.",
)
@click.option("--current", is_flag=True, help="Leave out retired and deprecated models.")
@click.argument("pattern", required=False)
def list_command(namespace: str | None, mode: str | None, current: bool, pattern: str | None) -> None:
    """List catalog models, optionally those whose id contains PATTERN.

    \b
    Example:
      modelcfg catalog list --provider openai --mode embedding --current
    """
    from modelcfg.profiles.catalog_query import list_models

    catalog = _catalog()
    for info in list_models(catalog, _namespace(catalog, namespace), mode, current, pattern):
        click.echo(f"{info.namespace}/{info.id}\t{info.mode}\t{_window(info)}\t{_status(info)}")


@catalog_group.command("search")
@click.argument("text")
def search_command(text: str) -> None:
    """Find model ids and aliases containing TEXT (or close to it) in every namespace.

    \b
    Example:
      modelcfg catalog search sonnet
    """
    from modelcfg.profiles.catalog_query import nearest, search_ids

    catalog = _catalog()
    models, aliases = search_ids(catalog, text)
    hits = [f"{info.namespace}/{info.id}\t{_status(info)}" for info in models]
    hits += [f"{ns}/{alias}\talias of {target}" for ns, alias, target in aliases]
    if not hits:
        closest = nearest(catalog, text, None)
        suggestion = f"; closest: {', '.join(closest)}" if closest else ""
        fail(f"no model id contains `{text}`{suggestion}", 1)
    click.echo("\n".join(sorted(hits)))


@catalog_group.command("update", cls=Command)
@click.option("--from", "source", required=True, metavar="PATH_OR_URL", help="LiteLLM's price list.")
@output_option(default="the user's data directory, read over the built-in catalog", dash=False)
def update_command(source: str, output: Path | None) -> None:
    """Refresh the catalog from LiteLLM's model_prices_and_context_window.json.

    Writes the user's catalog (see `catalog show --source`), which is read over the
    built-in one. What the catalog knew carries over; models that disappeared are kept
    and marked retired as of today.

    \b
    Example:
      modelcfg catalog update --from ./model_prices_and_context_window.json -o build/catalog.json
    """
    from modelcfg.profiles.catalog import user_catalog_path
    from modelcfg.profiles.catalog_update import UpdateError, update_catalog

    try:
        click.echo(update_catalog(source, output or user_catalog_path()))
    except UpdateError as exc:
        fail(str(exc))


def _catalog() -> Catalog:
    from modelcfg.profiles.catalog import load_catalog

    return load_catalog()


def _namespace(catalog: Catalog, namespace: str | None) -> str | None:
    """The namespace asked for, resolved (a preset name names its catalog); exit 2 when unknown."""
    if namespace is None:
        return None
    from modelcfg.profiles.catalog_query import QueryError, resolve_namespace

    try:
        return resolve_namespace(catalog, namespace)
    except QueryError as exc:
        fail(str(exc))


def _window(info: ModelInfo) -> str:
    if info.mode == "embedding":
        return f"{info.output_vector_size or '?'} dims"
    if info.max_input_tokens is None and info.max_output_tokens is None:
        return "-"
    return f"{info.max_input_tokens or '?'} in / {info.max_output_tokens or '?'} out"


def _status(info: ModelInfo) -> str:
    import datetime as dt

    shut_down = info.deprecation_date is not None and info.deprecation_date <= dt.date.today()
    if info.retired_in is not None and shut_down:
        return f"retired (shut down {info.deprecation_date}; missing from LiteLLM {info.retired_in})"
    if info.retired_in is not None:
        return f"retired (missing from LiteLLM {info.retired_in})"
    if info.retired:
        return "retired"
    if info.is_retired():
        return f"shut down {info.deprecation_date}"
    if info.deprecation_date is not None:
        return f"deprecated, shuts down {info.deprecation_date}"
    return "current"


def _describe(info: ModelInfo, catalog: Catalog | None) -> str:
    rows = [
        ("model", f"{info.namespace}/{info.id}"),
        ("fine_tuned_from", info.fine_tuned_from),
        ("mode", info.mode),
        ("status", _status(info) + (f", successor {info.successor}" if info.successor else "")),
        ("max_input_tokens", info.max_input_tokens),
        ("max_output_tokens", info.max_output_tokens),
        ("output_vector_size", info.output_vector_size),
        ("reducible_dimensions", "yes" if info.reducible_dimensions else None),
        ("capabilities", ", ".join(info.capabilities) or None),
        ("sampling_params", None if info.sampling_params else "refused (temperature, top_p)"),
        ("aliases", ", ".join(info.aliases) or None),
        ("input_cost", _per_million(info.input_cost_per_token)),
        ("output_cost", _per_million(info.output_cost_per_token)),
        ("first_seen", info.first_seen and f"LiteLLM {info.first_seen}"),
        ("last_seen", info.last_seen and f"LiteLLM {info.last_seen}"),
        ("source", _source(info, catalog) if catalog is not None else None),
    ]
    return "\n".join(f"{key:21} {value}" for key, value in rows if value is not None)


def _per_million(cost: float | None) -> str | None:
    return None if cost is None else f"${cost * 1e6:.4g} per 1M tokens"


def _source(info: ModelInfo, catalog: Catalog) -> str:
    """Which catalog file the entry was read from (the user's refresh wins over the built-in)."""
    files = dict(zip(("built-in", "user"), catalog.files, strict=False))
    where = files.get(info.source)
    return f"{info.source} ({where})" if where else info.source


def _as_json(info: ModelInfo, catalog: Catalog) -> dict[str, Any]:
    data = asdict(info)
    data["deprecation_date"] = info.deprecation_date.isoformat() if info.deprecation_date else None
    for key in ("first_seen", "last_seen", "retired_in"):
        sighting = getattr(info, key)
        data[key] = (
            None
            if sighting is None
            else {"release": sighting.release, "day": sighting.day.isoformat() if sighting.day else None}
        )
    data["source"] = _source(info, catalog)
    return data
