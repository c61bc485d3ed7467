"""Load the compiled table (docs/table-format.md), check it, and expose immutable views.

`Table.body` is the JSON body frozen deep (MappingProxyType and tuples); `providers`,
`entries` and `chains` are typed views the rest of the runtime works with.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .backoff import RetryPolicy
from .breaker import BreakerPolicy
from .errors import TableError
from .table_shape import ENVELOPE, shape_problem

FORMAT = 1
TOO_DEEP = "nested too deeply to be a modelcfg table; run `modelcfg compile` again"
EMPTY: Mapping[str, Any] = MappingProxyType({})


def canonical(x: Any) -> bytes:
    """The canonical JSON bytes the content hash is taken over (same as the compiler's)."""
    return json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def content_hash(body: Any) -> str:
    return "sha256:" + hashlib.sha256(canonical(body)).hexdigest()


def freeze(x: Any) -> Any:
    """Deep read-only copy: dicts become MappingProxyType, lists become tuples."""
    if isinstance(x, dict):  # scalars are taken as they are, without a call each (most values are)
        return MappingProxyType({k: freeze(v) if isinstance(v, dict | list) else v for k, v in x.items()})
    if isinstance(x, list):
        return tuple(freeze(v) if isinstance(v, dict | list) else v for v in x)
    return x


@dataclass(frozen=True, slots=True)
class Provider:
    """One provider as the runtime needs it; secrets are referenced by variable name only."""

    name: str
    api: str
    endpoint: str
    api_key_env: str | None
    token_command: tuple[str, ...] | None
    headers: Mapping[str, str]
    vertex_project: str | None
    vertex_region: str | None
    timeout_s: float
    enabled: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """A provider serving one model class: the unit of selection, failover and breaking."""

    provider: Provider
    model_class: str
    model_id: str
    settings: Mapping[str, Any]
    max_input_tokens: int | None
    max_output_tokens: int | None
    dimensions: int | None
    capabilities: frozenset[str]
    embedding: Mapping[str, Any] | None
    image: Mapping[str, Any] | None
    rate_limits: Mapping[str, Any] | None
    unsent: frozenset[str] = frozenset()  # settings this model's API refuses: never sent

    @property
    def key(self) -> str:
        """`provider/class`, the table's chain key."""
        return f"{self.provider.name}/{self.model_class}"


#: texts per embedding request when the table names no `embedding.batch_size`
DEFAULT_EMBED_BATCH = 96


def embed_batch_size(chain: Sequence[Entry]) -> int:
    """Texts per embedding request: the smallest `embedding.batch_size` along the chain."""
    return min(int((e.embedding or EMPTY).get("batch_size") or DEFAULT_EMBED_BATCH) for e in chain)


@dataclass(frozen=True, slots=True)
class Table:
    """A loaded, verified table."""

    content_hash: str
    environment: str | None
    sources: tuple[Mapping[str, Any], ...]
    body: Mapping[str, Any]
    providers: Mapping[str, Provider]
    entries: Mapping[str, Entry]  # by "provider/class"
    chains: Mapping[str, tuple[Entry, ...]]  # by "provider/class", head first
    retry: RetryPolicy
    breaker: BreakerPolicy


def load_table(path: str | Path) -> Table:
    """Read a table file; raise TableError naming the file and what to do."""
    p = Path(path)
    try:
        if not stat.S_ISREG(p.stat().st_mode):  # a FIFO would block the read forever
            raise TableError(f"{p}: not a regular file; give the table file `modelcfg compile` wrote")
        raw = p.read_bytes()
    except OSError as exc:
        raise TableError(f"{p}: cannot read the table ({exc.strerror}); run `modelcfg compile`") from exc
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TableError(
            f"{p}: not a valid JSON table ({exc}); it may be truncated — run `modelcfg compile` again"
        ) from exc
    except RecursionError:
        raise TableError(f"{p}: {TOO_DEEP}") from None
    return table_from_dict(data, origin=str(p))


def table_from_dict(data: Any, origin: str = "<table>") -> Table:
    """Check format and content_hash of an envelope (as docs/table-format.md) and build the views."""
    if not isinstance(data, dict) or "body" not in data:
        raise TableError(f"{origin}: not a modelcfg table (no `body`); run `modelcfg compile`")
    if data.get("format") != FORMAT:
        raise TableError(
            f"{origin}: table format {data.get('format')!r} is not supported (this runtime reads "
            f"format {FORMAT}); compile it with a matching modelcfg version"
        )
    body = data["body"]
    try:
        expected = content_hash(body)
    except RecursionError:
        raise TableError(f"{origin}: {TOO_DEEP}") from None
    except (TypeError, ValueError) as exc:  # a dict handed in by a caller may hold non-JSON values
        raise TableError(f"{origin}: the table body is not JSON data ({exc})") from None
    if data.get("content_hash") != expected:
        raise TableError(
            f"{origin}: content_hash does not match the body (the table was edited or damaged); "
            "run `modelcfg compile` again instead of editing the table"
        )
    problem = shape_problem(data, ENVELOPE, "the table") or shape_problem(body) or _dangling(body)
    if problem is not None:
        raise TableError(f"{origin}: {problem}; this is not what `modelcfg compile` writes: compile it again")
    try:
        return _build(data, freeze(body), expected)
    except RecursionError:  # deep values under keys the runtime does not read
        raise TableError(f"{origin}: {TOO_DEEP}") from None


def _dangling(body: Mapping[str, Any]) -> str | None:
    """A failover chain entry naming a provider/class the table does not have, if any."""
    providers = body["providers"]
    chains = (body.get("failover") or EMPTY).get("chains") or EMPTY
    for key, chain in chains.items():
        for i, e in enumerate(chain):
            if e["class"] not in (providers.get(e["provider"]) or EMPTY).get("models", EMPTY):
                return f"failover.chains.{key}[{i}]: no model `{e['provider']}/{e['class']}` in `providers`"
    return None


def _build(data: Mapping[str, Any], body: Mapping[str, Any], digest: str) -> Table:
    providers = {name: _provider(name, p) for name, p in body["providers"].items()}
    entries: dict[str, Entry] = {}
    for name, p in body["providers"].items():
        for cls, m in p["models"].items():
            entry = _entry(providers[name], cls, m)
            entries[entry.key] = entry
    failover = body.get("failover", EMPTY)
    chains: dict[str, tuple[Entry, ...]] = {
        key: tuple(entries[f"{e['provider']}/{e['class']}"] for e in chain)
        for key, chain in failover.get("chains", EMPTY).items()
    }
    for key, entry in entries.items():
        chains.setdefault(key, (entry,))
    return Table(
        content_hash=digest,
        environment=data.get("environment"),
        sources=tuple(freeze(s) for s in data.get("sources", ())),
        body=body,
        providers=MappingProxyType(providers),
        entries=MappingProxyType(entries),
        chains=MappingProxyType(chains),
        retry=RetryPolicy.from_table(failover.get("retry", EMPTY)),
        breaker=BreakerPolicy.from_table(failover.get("breaker", EMPTY)),
    )


def _provider(name: str, p: Mapping[str, Any]) -> Provider:
    vertex = p.get("vertex") or EMPTY
    command = p.get("token_command")
    return Provider(
        name=name,
        api=p["api"],
        endpoint=str(p.get("endpoint") or "").rstrip("/"),
        api_key_env=p.get("api_key_env"),
        token_command=tuple(command) if command else None,
        headers=p.get("headers") or EMPTY,
        vertex_project=vertex.get("project"),
        vertex_region=vertex.get("region"),
        timeout_s=float(p.get("timeout_s") or 60.0),
        enabled=bool(p.get("enabled", True)),
    )


def _entry(provider: Provider, cls: str, m: Mapping[str, Any]) -> Entry:
    return Entry(
        provider=provider,
        model_class=cls,
        model_id=m["id"],
        settings=m.get("settings") or EMPTY,
        max_input_tokens=m.get("max_input_tokens"),
        max_output_tokens=m.get("max_output_tokens"),
        dimensions=m.get("dimensions"),
        capabilities=frozenset(m.get("capabilities") or ()),
        embedding=m.get("embedding"),
        image=m.get("image"),
        rate_limits=m.get("rate_limits"),
        unsent=frozenset(m.get("unsupported_settings") or ()),
    )
