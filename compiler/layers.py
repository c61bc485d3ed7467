"""Ordered layers: built-ins and `extends` < root file < environment overlays < local file
< environment variables < `--set`. Precedence is this list, lowest first.
"""

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Protocol

from .diagnostic import Diagnostic, Severity, Span
from .load import MAX_BYTES, parse, parse_value
from .regular_file import FileTooLarge, NotRegularFile, OutsideRoot, inside, read_regular
from .report import masked
from .source import LoadError, Path, Pos, Source

__all__ = [
    "ENV_PREFIX",
    "ROOT_FILES",
    "FileReader",
    "Layer",
    "Reader",
    "Resolved",
    "builtin_file",
    "resolve_layers",
]

ROOT_FILES = ("modelcfg.yaml", "modelcfg.yml", "modelcfg.toml")
LOCAL_FILES = ("modelcfg.local.yaml", "modelcfg.local.yml", "modelcfg.local.toml")
ENV_PREFIX = "MODELCFG__"
ENV_LABEL = "<environment>"
SET_LABEL = "<--set>"
BUILTIN_PREFIX = "<builtin>/"
BUILTIN_KINDS = {"preset": "presets", "profile": "profiles"}
#: Longest `extends` chain (files extending files); deeper is refused (MC009), never a RecursionError.
MAX_EXTENDS_DEPTH = 64
#: Most keys in one `--set` / `MODELCFG__` path (MC014).
MAX_PATH_KEYS = 32


class Reader(Protocol):
    """How project files are read; paths are POSIX and relative to the project root."""

    def read_bytes(self, relpath: str) -> bytes: ...

    def exists(self, relpath: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class FileReader:
    """Reads a project from the filesystem: regular files only, never outside `root` (symlinks
    resolved), at most `MAX_BYTES` each; the errors of `regular_file` say why not."""

    root: FsPath

    def read_bytes(self, relpath: str) -> bytes:
        return read_regular(inside(self.root, self.root / relpath), MAX_BYTES)

    def exists(self, relpath: str) -> bool:
        """True for anything at that path (a broken link or a FIFO too: reading it says what is wrong)."""
        return posixpath.lexists(self.root / relpath)


@dataclass(frozen=True, slots=True)
class Layer:
    """One source of settings: a name (`root`, `env:production`, `preset:openai`) and its parsed file."""

    name: str
    source: Source

    @property
    def label(self) -> str:
        """Where it came from: a project-relative path, `<builtin>/…`, `<environment>` or `<--set>`."""
        return self.source.label

    @property
    def tree(self) -> Any:
        return self.source.tree

    @property
    def text(self) -> str:
        return self.source.text


@dataclass(frozen=True, slots=True)
class Resolved:
    """The layers in precedence order and any problem found while finding them."""

    layers: tuple[Layer, ...]
    diagnostics: tuple[Diagnostic, ...]
    #: text of files that failed to load, so their errors can still show the source line
    broken: Mapping[str, str] = field(default_factory=dict)


def _diag(code: str, span: Span, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, span, hint)


def builtin_file(kind: str, name: str) -> FsPath:
    """The file of a built-in `preset:NAME` / `profile:NAME` (KeyError when unknown)."""
    from modelcfg import profiles

    lookup = getattr(profiles, "builtin_path", None)
    if lookup is not None:
        path: FsPath = lookup(kind, name)
        return path
    path = FsPath(profiles.__file__).parent / BUILTIN_KINDS[kind] / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(name)
    return path


def _builtin_names(kind: str) -> list[str]:
    from modelcfg import profiles

    names = getattr(profiles, "builtin_names", None)
    if names is not None:
        return list(names(kind))
    folder = FsPath(profiles.__file__).parent / BUILTIN_KINDS[kind]
    return sorted(p.stem for p in folder.glob("*.yaml"))


class _Resolver:
    """Walks `extends` depth first (lower layers first), refusing cycles and escapes."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.layers: list[Layer] = []
        self.seen: set[str] = set()
        self.diagnostics: list[Diagnostic] = []
        self.broken: dict[str, str] = {}

    def add_file(self, name: str, label: str, chain: tuple[str, ...], at: Span | None) -> Source | None:
        if label in chain:
            cycle = " → ".join((*chain[chain.index(label) :], label))
            self.diagnostics.append(_diag("MC009", at or Span(label, 1, 1), f"extends cycle: {cycle}"))
            return None
        if len(chain) >= MAX_EXTENDS_DEPTH:
            message = f"extends chain deeper than {MAX_EXTENDS_DEPTH} files (from `{chain[0]}`)"
            hint = "flatten the chain: extend the shared files from one place"
            self.diagnostics.append(_diag("MC009", at or Span(label, 1, 1), message, hint))
            return None
        if label in self.seen:
            return None
        source = self._read(label, at, root=not chain and name == "root")
        if source is None:
            return None
        self.seen.add(label)
        for entry, span in _extends_of(source, self.diagnostics):
            self._extend(entry, label, (*chain, label), span)
        self.layers.append(Layer(name, source))
        return source

    def _read(self, label: str, at: Span | None, *, root: bool = False) -> Source | None:
        data = b""
        try:
            if label.startswith(BUILTIN_PREFIX):
                folder, name = label[len(BUILTIN_PREFIX) :].split("/", 1)
                kind = next(k for k, f in BUILTIN_KINDS.items() if f == folder)
                data = builtin_file(kind, name.rsplit(".", 1)[0]).read_bytes()
            else:
                if not self.reader.exists(label):
                    span = at or Span(label, 0, 0)
                    self.diagnostics.append(_diag("MC008", span, f"file `{label}` not found"))
                    return None
                data = self.reader.read_bytes(label)
            # a reader may bring its own parse (the language server reuses unchanged layers' parses)
            return getattr(self.reader, "parse", parse)(label, data)
        except LoadError as exc:
            self.diagnostics.append(exc.diagnostic)
            self.broken[label] = data.decode("utf-8", errors="replace")
        except OSError as exc:
            self.diagnostics.append(_unreadable(label, at or Span(label, 0, 0), exc, root=root))
        return None

    def _extend(self, entry: str, parent: str, chain: tuple[str, ...], span: Span) -> None:
        kind, sep, name = entry.partition(":")
        if sep and kind in BUILTIN_KINDS:
            try:
                builtin_file(kind, name)
            except KeyError:
                known = ", ".join(f"{kind}:{n}" for n in _builtin_names(kind))
                self.diagnostics.append(
                    _diag("MC011", span, f"unknown built-in `{entry}`", f"known: {known}")
                )
                return
            self.add_file(entry, f"{BUILTIN_PREFIX}{BUILTIN_KINDS[kind]}/{name}.yaml", chain, span)
            return
        label = self.relative(parent, entry, span)
        if label is not None:
            self.add_file(f"extends:{label}", label, chain, span)

    def relative(self, parent: str, entry: str, span: Span) -> str | None:
        """A path written in ``parent`` as a project-relative label; None (and a diagnostic) if it escapes."""
        if parent.startswith(BUILTIN_PREFIX):
            self.diagnostics.append(_diag("MC010", span, "built-in layers can only extend built-ins"))
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(parent), entry.replace("\\", "/")))
        if entry.startswith("/") or joined == ".." or joined.startswith("../") or ":" in entry:
            self.diagnostics.append(
                _diag(
                    "MC010",
                    span,
                    f"`{entry}` is outside the project",
                    "use a path inside the project directory",
                )
            )
            return None
        return joined


def _unreadable(label: str, span: Span, exc: OSError, *, root: bool) -> Diagnostic:
    """Why a project file cannot be read, located at the entry that named it.

    Nothing of the file's content is shown. The root file's problems are MC015 (exit 2:
    there is no readable project); a file named by `extends`, an overlay or `local` is
    an error of the config that names it.
    """
    if isinstance(exc, OutsideRoot):
        code, message = "MC010", f"`{label}` resolves outside the project (through a symbolic link)"
        hint = "copy the file into the project, or link to a file inside it"
    elif isinstance(exc, FileTooLarge):
        limit = MAX_BYTES // (1024 * 1024)
        code, message, hint = (
            "MC006",
            f"`{label}` is {exc.size // 1024} KiB, over the {limit} MiB limit",
            None,
        )
    elif isinstance(exc, NotRegularFile):
        code, message = "MC008", f"`{label}` is {exc.kind}, not a file"
        hint = "give a regular file"
    else:
        code, message = "MC008", f"cannot read `{label}`: {exc.strerror or exc}"
        hint = None
    return _diag("MC015" if root else code, span, message, hint)


def _extends_of(source: Source, diagnostics: list[Diagnostic]) -> list[tuple[str, Span]]:
    value = source.tree.get("extends") if isinstance(source.tree, dict) else None
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        diagnostics.append(
            _diag("MC102", source.span(("extends",)), "extends must be a list of paths or built-ins")
        )
        return []
    path: Path = ("extends",)
    return [
        (item, source.span(path if isinstance(value, str) else (*path, i))) for i, item in enumerate(items)
    ]


def _lookup(layers: Sequence[Layer], key: str) -> tuple[Any, Layer] | None:
    """The highest-precedence layer's value for a top-level key."""
    for layer in reversed(layers):
        if isinstance(layer.tree, dict) and key in layer.tree:
            return layer.tree[key], layer
    return None


def resolve_layers(
    reader: Reader,
    root_file: str,
    *,
    env: str | None,
    environ: Mapping[str, str],
    sets: Sequence[str],
) -> Resolved:
    """Every layer of a compilation, lowest precedence first."""
    resolver = _Resolver(reader)
    if resolver.add_file("root", root_file, (), None) is None:
        return Resolved(tuple(resolver.layers), tuple(resolver.diagnostics), resolver.broken)
    base = list(resolver.layers)
    if env is not None:
        _add_environment(resolver, base, env, root_file)
    _add_local(resolver, base, root_file)
    layers = resolver.layers
    for layer in (_env_var_layer(environ, resolver.diagnostics), _set_layer(sets, resolver.diagnostics)):
        if layer is not None:
            layers.append(layer)
    return Resolved(tuple(layers), tuple(resolver.diagnostics), resolver.broken)


def _add_environment(resolver: _Resolver, base: list[Layer], env: str, root_file: str) -> None:
    found = _lookup(base, "environments")
    envs = found[0] if found and isinstance(found[0], dict) else {}
    if env not in envs:
        known = ", ".join(sorted(map(str, envs))) or "none are defined under `environments`"
        resolver.diagnostics.append(
            _diag("MC016", Span(root_file, 0, 0), f"unknown environment `{env}`", f"known: {known}")
        )
        return
    assert found is not None
    owner = found[1]
    files = envs[env]
    items = [files] if isinstance(files, str) else files
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        span = owner.source.span(("environments", env))
        resolver.diagnostics.append(_diag("MC102", span, f"environments.{env} must be a list of files"))
        return
    for index, item in enumerate(items):
        span = owner.source.span(
            ("environments", env, index) if isinstance(files, list) else ("environments", env)
        )
        label = resolver.relative(owner.label, item, span)
        if label is not None:
            resolver.add_file(f"env:{env}", label, (), span)


def _add_local(resolver: _Resolver, base: list[Layer], root_file: str) -> None:
    found = _lookup(base, "local")
    if found is not None and isinstance(found[0], str):
        label = resolver.relative(found[1].label, found[0], found[1].source.span(("local",)))
        if label is not None and resolver.reader.exists(label):
            resolver.add_file("local", label, (), None)
        return
    folder = posixpath.dirname(root_file)
    for name in LOCAL_FILES:
        label = posixpath.join(folder, name)
        if resolver.reader.exists(label):
            resolver.add_file("local", label, (), None)
            return


def _value(text: str) -> Any:
    """A value from the command line or the environment, read as YAML (`0.4`, `true`, `[a, b]`)."""
    try:
        return parse_value(text)
    except LoadError:
        return text


def _assignment_layer(
    name: str, label: str, items: Sequence[tuple[Path, str, str]], diagnostics: list[Diagnostic]
) -> Layer | None:
    """A layer from `path=value` assignments; its text has one line per assignment, for carets."""
    if not items:
        return None
    tree: dict[str, Any] = {}
    positions: dict[Path, Pos] = {(): (1, 1, 1, 1, 1, 1)}
    lines = []
    for number, (path, shown, raw) in enumerate(items, 1):
        lines.append(masked(shown))
        column = len(shown) - len(raw) + 1
        node: Any = tree
        for depth, key in enumerate(path[:-1]):
            positions.setdefault(path[: depth + 1], (number, 1, number, 1, number, len(shown) + 1))
            child = node.setdefault(key, {})
            if not isinstance(child, dict):
                diagnostics.append(
                    _diag("MC014", Span(label, number, 1), f"`{shown}` conflicts with another setting")
                )
                break
            node = child
        else:
            if isinstance(node.get(path[-1]), dict):
                diagnostics.append(
                    _diag("MC014", Span(label, number, 1), f"`{shown}` conflicts with another setting")
                )
                continue
            node[path[-1]] = _value(raw)
            positions[path] = (number, 1, number, column, number, len(shown) + 1)
    return Layer(name, Source(label, "\n".join(lines) + "\n", tree, positions))


def _env_var_layer(environ: Mapping[str, str], diagnostics: list[Diagnostic]) -> Layer | None:
    items = []
    for number, key in enumerate(sorted(k for k in environ if k.startswith(ENV_PREFIX)), 1):
        parts = tuple(p.lower() for p in key[len(ENV_PREFIX) :].split("__"))
        if len(parts) > MAX_PATH_KEYS:
            diagnostics.append(_too_deep(Span(ENV_LABEL, number, 1), f"{key[:40]}…", len(parts)))
            continue
        if not all(parts):
            diagnostics.append(
                _diag(
                    "MC014",
                    Span(ENV_LABEL, number, 1),
                    f"`{key}` is not a valid setting path",
                    "use MODELCFG__A__B",
                )
            )
            continue
        items.append((parts, f"{key}={environ[key]}", environ[key]))
    return _assignment_layer("env-vars", ENV_LABEL, items, diagnostics)


def _too_deep(span: Span, shown: str, keys: int) -> Diagnostic:
    message = f"`{shown}` is a path of {keys} keys; a setting path has at most {MAX_PATH_KEYS}"
    return _diag("MC014", span, message, "set the parent as a mapping instead, e.g. --set 'a.b={c: 1}'")


def _set_layer(sets: Sequence[str], diagnostics: list[Diagnostic]) -> Layer | None:
    items = []
    for number, item in enumerate(sets, 1):
        path_text, sep, raw = item.partition("=")
        parts = tuple(p.strip() for p in path_text.split("."))
        if sep and len(parts) > MAX_PATH_KEYS:
            diagnostics.append(_too_deep(Span(SET_LABEL, number, 1), f"{path_text[:40]}…", len(parts)))
            continue
        if not sep or not all(parts):
            hint = "write --set providers.openai.settings.temperature=0.4"
            diagnostics.append(
                _diag("MC014", Span(SET_LABEL, number, 1), f"`{item}` is not PATH=VALUE", hint)
            )
            continue
        items.append((parts, item, raw))
    return _assignment_layer("set", SET_LABEL, items, diagnostics)
