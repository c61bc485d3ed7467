"""`modelcfg catalog`: look up models and refresh the built-in catalog."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

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


@catalog_group.command("show")
@click.argument("model")
@click.option(
    "--provider",
    "namespace",
    metavar="NS",
    help="Catalog namespace (openai, gemini, xai, ...) or a preset name.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--source", "with_source", is_flag=True, help="Also say which catalog file answered.")
def show_command(model: str, namespace: str | None, as_json: bool, with_source: bool) -> None:
    """Show what the catalog knows about MODEL (exit 1 when it is unknown).

    Fine-tuned ids (`ft:gpt-4o-mini-2024-07-18:org:name:id`) show their base's facts.

    \b
    Example:
      modelcfg catalog show claude-3-5-haiku --provider anthropic --source
    """
    catalog = _catalog()
    if namespace is not None:
        namespace = _check_namespace(catalog, namespace)
        info = catalog.lookup(namespace, model)
        found = [info] if info is not None else []
    else:
        found = catalog.find(model)
    if not found:
        where = f" in `{namespace}`" if namespace else ""
        click.echo(f"unknown model `{model}`{where}{_did_you_mean(catalog, model, namespace)}", err=True)
        raise SystemExit(1)
    if as_json:
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
    catalog = _catalog()
    if namespace is not None:
        namespace = _check_namespace(catalog, namespace)
    needle = (pattern or "").lower()
    for info in catalog:
        if namespace is not None and info.namespace != namespace:
            continue
        if (mode and info.mode != mode) or (current and info.is_retired()) or needle not in info.id.lower():
            continue
        if current and info.deprecation_date is not None:
            continue
        click.echo(f"{info.namespace}/{info.id}\t{info.mode}\t{_window(info)}\t{_status(info)}")


@catalog_group.command("search")
@click.argument("text")
def search_command(text: str) -> None:
    """Find model ids and aliases containing TEXT (or close to it) in every namespace.

    \b
    Example:
      modelcfg catalog search sonnet
    """
    catalog = _catalog()
    hits = [
        f"{info.namespace}/{info.id}\t{_status(info)}" for info in catalog if text.lower() in info.id.lower()
    ]
    hits += [
        f"{ns}/{alias}\talias of {catalog.resolve(ns, alias)}"
        for ns in catalog.namespaces()
        for alias in catalog.aliases(ns)
        if text.lower() in alias.lower()
    ]
    if not hits:
        nearest = _nearest(catalog, text, None)
        suggestion = f"; closest: {', '.join(nearest)}" if nearest else ""
        click.echo(f"no model id contains `{text}`{suggestion}", err=True)
        raise SystemExit(1)
    click.echo("\n".join(sorted(hits)))


@catalog_group.command("update")
@click.option("--from", "source", required=True, metavar="PATH_OR_URL", help="LiteLLM's price list.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of the user's data directory (read over the built-in catalog).",
)
def update_command(source: str, output: Path | None) -> None:
    """Refresh the catalog from LiteLLM's model_prices_and_context_window.json.

    Writes the user's catalog (see `catalog show --source`), which is read over the
    built-in one. What the catalog knew carries over; models that disappeared are kept
    and marked retired as of today.

    \b
    Example:
      modelcfg catalog update --from ./model_prices_and_context_window.json -o build/catalog.json
    """
    import datetime as dt

    from modelcfg.profiles import derive
    from modelcfg.profiles.catalog import CATALOG_PATH, user_catalog_path
    from modelcfg.profiles.history import UPDATE_PREFIX, Snapshot, fold

    target = output or user_catalog_path()
    fresh = derive.from_document(_read_source(source))
    if not any(fresh[0].values()):
        raise click.UsageError(
            f"no models found in {source}: is it LiteLLM's model_prices_and_context_window.json?"
        )
    base_path = target if target.is_file() else CATALOG_PATH
    before = _read_catalog_file(base_path)
    today = dt.date.today().isoformat()
    catalog = fold([Snapshot(UPDATE_PREFIX + today, today, *fresh)], base=before)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        derive.write_atomic(target, derive.dumps(catalog))
    except OSError as exc:
        raise click.UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    click.echo(_update_summary(before["models"], catalog["models"], target))


def _read_catalog_file(path: Path) -> dict[str, Any]:
    """A catalog of ours to refresh; a usage error naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise click.UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise click.UsageError(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or "models" not in data:
        raise click.UsageError(f"{path}: not a modelcfg catalog; delete it or pass -o elsewhere")
    return data


def _catalog() -> Catalog:
    from modelcfg.profiles.catalog import load_catalog

    return load_catalog()


def _check_namespace(catalog: Catalog, namespace: str) -> str:
    """The namespace to look in: as given, or a built-in preset's (`google` -> `gemini`)."""
    from modelcfg.profiles import builtin_names
    from modelcfg.profiles.catalog import ROUTER_NAMESPACES

    if namespace in catalog.namespaces() or namespace in ROUTER_NAMESPACES:
        return namespace
    if namespace in builtin_names("preset"):
        preset_namespace = _preset_namespace(namespace)
        if preset_namespace is not None:
            return preset_namespace
        raise click.UsageError(f"preset `{namespace}` serves models the catalog does not list")
    close = difflib.get_close_matches(namespace, catalog.namespaces(), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f" (known: {', '.join(catalog.namespaces())})"
    raise click.UsageError(f"unknown catalog namespace `{namespace}`{hint}")


def _preset_namespace(preset: str) -> str | None:
    from ruamel.yaml import YAML

    from modelcfg.profiles import builtin_path
    from modelcfg.profiles.catalog import namespace_for

    provider = YAML(typ="safe").load(builtin_path("preset", preset).read_text(encoding="utf-8"))["providers"][
        preset
    ]
    return namespace_for(provider["endpoint"], provider.get("catalog"))


def _nearest(catalog: Catalog, model: str, namespace: str | None) -> list[str]:
    """Closest known ids, from one namespace or (as `namespace/id`) from all of them, best first."""
    if namespace:
        return catalog.nearest(namespace, model, n=3)
    scored = [
        (difflib.SequenceMatcher(None, model, name).ratio(), f"{ns}/{name}")
        for ns in catalog.namespaces()
        for name in catalog.nearest(ns, model, n=3)
    ]
    return [name for _, name in sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:3]]


def _did_you_mean(catalog: Catalog, model: str, namespace: str | None) -> str:
    """Live models of the same family first; the closest id is named when it is retired."""
    import datetime as dt

    today = dt.date.today()
    namespaces = [namespace] if namespace else catalog.namespaces()
    scored = [
        (difflib.SequenceMatcher(None, model, info.id).ratio(), info)
        for ns in namespaces
        for info in catalog.suggest(ns, model, today)
    ]
    best = [info for _, info in sorted(scored, key=lambda pair: -pair[0])[:3]]
    if not best:
        return ""
    names = ", ".join(
        f"`{_qualified(info, namespace)}`" + (" (retired)" if info.is_retired(today) else "") for info in best
    )
    note = ""
    closest = _nearest(catalog, model, namespace)
    if closest:
        ns, _, name = closest[0].rpartition("/") if not namespace else (namespace, "", closest[0])
        info = catalog.lookup(ns or namespace or "", name)
        if info is not None and info.is_retired(today) and info not in best:
            note = f" (the closest id, `{closest[0]}`, is retired)"
    return f"; did you mean {names}?{note}"


def _qualified(info: ModelInfo, namespace: str | None) -> str:
    return info.id if namespace else f"{info.namespace}/{info.id}"


def _read_source(source: str) -> Any:
    """Parsed JSON from a file or an http(s) URL; usage errors name what went wrong."""
    try:
        if source.startswith(("http://", "https://")):
            import httpx

            response = httpx.get(source, timeout=30.0, follow_redirects=True)
            response.raise_for_status()
            text = response.text
        else:
            text = Path(source).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise click.UsageError(f"cannot read {source}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise click.UsageError(f"{source}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from exc
    except Exception as exc:  # httpx errors: connection, status, timeouts
        raise click.UsageError(f"cannot fetch {source}: {exc}") from exc
    if not isinstance(data, dict):
        raise click.UsageError(f"{source}: expected a JSON object of models")
    return data


def _update_summary(before: dict[str, Any], after: dict[str, Any], target: Path) -> str:
    def ids(models: dict[str, Any], retired: bool) -> set[tuple[str, str]]:
        return {
            (ns, m) for ns, e in models.items() for m, f in e.items() if bool(f.get("retired")) == retired
        }

    added = ids(after, False) - ids(before, False) - ids(before, True)
    newly_retired = ids(after, True) - ids(before, True)
    total = sum(len(e) for e in after.values())
    return f"wrote {target}: {total} models, {len(added)} new, {len(newly_retired)} newly retired"


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
