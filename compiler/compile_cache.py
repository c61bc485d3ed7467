"""The compile cache: an unchanged project is answered from `.modelcfg_cache/` without compiling.

Like ruff's and mypy's caches, an entry records every input of one successful compile and
its output. The entry's file name is a digest of the invocation (modelcfg version, project,
`--env`, `--set`, output format, color); inside it, the inputs that can change between runs:

- files: every layer file read, built-ins included (sha256 of its text), and every file whose
  absence mattered (a local override, another root file), recorded as absent;
- stats: the code and data that produced the table (modelcfg modules, the catalog) by size and
  mtime_ns;
- environ: all `MODELCFG__*` variables and the project's `allow_env` variables, by name and the
  sha256 of the value. Values themselves are never written.

A lookup re-checks each input; any difference, or an unreadable entry, is a miss. The cache
directory sits in the project, so whoever controls the checkout controls it: every entry is
signed (HMAC-SHA256) with a key kept in the user's own cache directory (`entry_key.py`), so an
entry written by anyone else is a miss, and a replayed table must be an intact envelope whose
`content_hash` matches its body. A bad entry is a miss and is rewritten. Stdlib only (plus
platformdirs): a hit must not pay for pydantic, ruamel or jinja2. `read_entry`/`write_entry` store any payload
with this fingerprint; the lint cache (`lint_cache.py`) keeps its findings through them.
"""

import hashlib
import hmac
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import write_atomic
from .entry_key import entry_key
from .regular_file import read_regular

if TYPE_CHECKING:
    from .project import Compilation

__all__ = [
    "CACHE_DIR",
    "ENV_PREFIX",
    "Entry",
    "cache_disabled",
    "code_files",
    "compilation_inputs",
    "digest",
    "invocation_key",
    "lookup",
    "read_entry",
    "remember",
    "store",
    "table_intact",
    "write_entry",
]

CACHE_DIR = ".modelcfg_cache"
ENV_PREFIX = "MODELCFG__"
#: Bump when the entry layout changes; older entries then simply miss.
ENTRY_FORMAT = 2
#: An entry (or a file it fingerprints) larger than this is not read: a miss.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
#: The table envelope a hit may replay (docs/table-format.md).
TABLE_FORMAT = 1
TABLE_KEYS = {"format", "content_hash", "environment", "sources", "body"}


@dataclass(frozen=True, slots=True)
class Entry:
    """What a successful compile printed and produced, replayed on a hit."""

    table: str
    stdout: str = ""
    stderr: str = ""


def cache_disabled(flag: bool, environ: Mapping[str, str]) -> bool:
    """True for `--no-cache` or MODELCFG_NO_CACHE set to anything but empty/0."""
    return flag or environ.get("MODELCFG_NO_CACHE", "") not in ("", "0")


def invocation_key(
    version: str, project: Path, env: str | None, sets: Sequence[str], output_style: str
) -> str:
    """The digest naming one invocation's entry; `--set` values only enter it hashed."""
    return digest([ENTRY_FORMAT, version, os.path.realpath(project), env, list(sets), output_style])


def digest(parts: Sequence[Any]) -> str:
    """An entry name: the sha256 of ``parts`` (JSON data) as JSON."""
    return _sha(json.dumps(parts, ensure_ascii=False))


def lookup(root: Path, key: str, environ: Mapping[str, str]) -> Entry | None:
    """The cached output when every recorded input is unchanged, else None (never raises on bad data)."""
    data = read_entry(root, key, environ)
    try:
        entry = None if data is None else Entry(str(data["table"]), str(data["stdout"]), str(data["stderr"]))
    except (KeyError, TypeError):
        return None
    return entry if entry is not None and table_intact(entry.table) else None


def table_intact(text: str) -> bool:
    """True when ``text`` is a table file as the compiler writes it, its content_hash matching its body."""
    try:
        table = json.loads(text)
    except ValueError:
        return False
    if not isinstance(table, dict) or set(table) != TABLE_KEYS or table["format"] != TABLE_FORMAT:
        return False
    body_hash = "sha256:" + hashlib.sha256(_canonical(table["body"])).hexdigest()
    written = json.dumps(table, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return bool(table["content_hash"] == body_hash and written == text)


def read_entry(root: Path, key: str, environ: Mapping[str, str]) -> dict[str, Any] | None:
    """Entry ``key`` under ``root`` when it is ours (signed), readable and every input is unchanged."""
    signing_key = entry_key()
    if signing_key is None:
        return None
    try:
        data = json.loads(read_regular(root / CACHE_DIR / f"{key}.json", MAX_ENTRY_BYTES).decode("utf-8"))
        if not isinstance(data, dict) or not hmac.compare_digest(
            str(data.get("signature")), _signature(signing_key, data)
        ):
            return None
        if data["format"] != ENTRY_FORMAT or data["key"] != key:
            return None
        fresh = (
            _files_match(data["files"])
            and _stats_match(data["stats"])
            and data["environ"] == _environ_digest(environ, data["allow_env"])
        )
        return data if fresh else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(
    root: Path, key: str, entry: Entry, compilation: "Compilation", environ: Mapping[str, str]
) -> None:
    """Record a successful compile of the project in ``root`` with every input it depended on."""
    files, probed, allowed = compilation_inputs(root, compilation)
    store(
        root.resolve(),
        key,
        entry,
        files=files,
        probed=probed,
        stats=code_files(),
        allow_env=allowed,
        environ=environ,
    )


def compilation_inputs(root: Path, compilation: "Compilation") -> tuple[dict[str, str], list[str], list[str]]:
    """(files read → their text, files whose absence mattered, allowed env names) of a compile."""
    from .layers import BUILTIN_KINDS, BUILTIN_PREFIX, LOCAL_FILES, ROOT_FILES, builtin_file

    base = root.resolve()
    files: dict[str, str] = {}
    for layer in compilation.layers:
        label = layer.label
        if label.startswith(BUILTIN_PREFIX):
            folder, name = label[len(BUILTIN_PREFIX) :].split("/", 1)
            kind = next(k for k, f in BUILTIN_KINDS.items() if f == folder)
            files[str(builtin_file(kind, name.rsplit(".", 1)[0]))] = layer.text
        elif not label.startswith("<"):
            files[str(base / label)] = layer.text
    probed = [str(base / name) for name in (*ROOT_FILES, *LOCAL_FILES)]
    local = compilation.tree.get("local") if isinstance(compilation.tree, dict) else None
    if isinstance(local, str):
        folders = {os.path.dirname(path) for path in files} | {str(base)}
        probed += [os.path.normpath(os.path.join(folder, local)) for folder in folders]
    allow_env = compilation.tree.get("allow_env") if isinstance(compilation.tree, dict) else None
    allowed = [name for name in allow_env if isinstance(name, str)] if isinstance(allow_env, list) else []
    return files, probed, allowed


def code_files() -> list[str]:
    """The modelcfg modules loaded and the catalog: what produced the table besides the inputs."""
    found = [
        module.__file__
        for name, module in list(sys.modules.items())
        if (name == "modelcfg" or name.startswith("modelcfg.")) and getattr(module, "__file__", None)
    ]
    catalog = sys.modules.get("modelcfg.profiles.catalog")
    found.append(getattr(catalog, "CATALOG_PATH", None))
    if catalog is not None:  # the user's refresh, read over the built-in one (absent is a state too)
        found.append(catalog.user_catalog_path())
    return [str(path) for path in found if path]


def store(
    root: Path,
    key: str,
    entry: Entry,
    *,
    files: Mapping[str, str],
    probed: Iterable[str],
    stats: Iterable[str],
    allow_env: Sequence[str],
    environ: Mapping[str, str],
) -> None:
    """Record a successful compile: ``files`` maps each path read to the text compiled from it;
    ``probed`` files mattered by being absent (or present): their current state is recorded.

    Best effort: a cache that cannot be written only costs the next run a compile.
    """
    payload = {"table": entry.table, "stdout": entry.stdout, "stderr": entry.stderr}
    write_entry(
        root,
        key,
        payload,
        files=files,
        probed=probed,
        stats=stats,
        allow_env=allow_env,
        environ=environ,
    )


def write_entry(
    root: Path,
    key: str,
    payload: Mapping[str, Any],
    *,
    files: Mapping[str, str],
    probed: Iterable[str],
    stats: Iterable[str],
    allow_env: Sequence[str],
    environ: Mapping[str, str],
) -> None:
    """Write ``payload`` as entry ``key`` under ``root`` with the fingerprint of its inputs (best effort)."""
    record: dict[str, str | None] = {path: _sha(text) for path, text in files.items()}
    record.update((path, _current(path)) for path in probed if path not in record)
    data = {
        **payload,
        "format": ENTRY_FORMAT,
        "key": key,
        "files": record,
        "stats": {path: _stat(path) for path in sorted(set(stats))},
        "allow_env": sorted(set(allow_env)),
        "environ": _environ_digest(environ, allow_env),
    }
    signing_key = entry_key()
    if signing_key is None:
        return
    data["signature"] = _signature(signing_key, data)
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        if folder.is_symlink():
            return  # entries are written only into a real directory of the project
        ignore = folder / ".gitignore"
        if not ignore.exists() and not ignore.is_symlink():
            write_atomic(ignore, "# created by modelcfg: the cache is never committed\n*\n")
        target = folder / f"{key}.json"
        if target.is_symlink() or (target.exists() and not target.is_file()):
            return  # not an entry we wrote (a FIFO would block the write): leave it, stay a miss
        write_atomic(target, json.dumps(data, sort_keys=True, ensure_ascii=False))
    except OSError:
        pass


def _signature(signing_key: bytes, data: Mapping[str, Any]) -> str:
    """HMAC-SHA256 of the entry's canonical JSON (everything but the signature itself)."""
    unsigned = {name: value for name, value in data.items() if name != "signature"}
    return hmac.new(signing_key, _canonical(unsigned), hashlib.sha256).hexdigest()


def _canonical(value: Any) -> bytes:
    """The table's hashing form (compiler/table.py's `canonical`, without its imports)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _current(path: str) -> str | None:
    """The sha256 of a file's text now, None when it does not exist."""
    try:
        return _sha(read_regular(Path(path), MAX_ENTRY_BYTES).decode("utf-8", "surrogateescape"))
    except OSError:
        return None


def _files_match(record: Mapping[str, str | None]) -> bool:
    for path, digest in record.items():
        try:
            text = read_regular(Path(path), MAX_ENTRY_BYTES).decode("utf-8")
        except FileNotFoundError:
            if digest is not None:
                return False
            continue
        except (OSError, UnicodeDecodeError):
            return False
        if digest is None or _sha(text) != digest:
            return False
    return True


def _stat(path: str) -> list[int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns]


def _stats_match(record: Mapping[str, list[int] | None]) -> bool:
    return all(_stat(path) == stamp for path, stamp in record.items())


def _environ_digest(environ: Mapping[str, str], allow_env: Iterable[str]) -> dict[str, str | None]:
    """Name → sha256 of the value (None when unset) for MODELCFG__* and the allowed variables."""
    names = {name for name in environ if name.startswith(ENV_PREFIX)} | set(allow_env)
    return {name: _sha(environ[name]) if name in environ else None for name in sorted(names)}
