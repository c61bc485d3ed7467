"""Turn what the user typed into two Sides: environments, files, compiled tables, git revisions.

Accepted (PROJECT is --project, default the current directory):
  --env A --env B            PROJECT compiled for environments A and B
  A..B                       environments A and B, or git revisions when both name commits
  REV                        PROJECT at REV vs the working tree
  REV..REV / REV...REV       PROJECT at two revisions (`...`: from their merge base)
  X Y                        each a compiled table (.json with `format`), a project or config
                             file, or a git revision of PROJECT
With one --env every compiled side uses it; with two, the first side uses the first.
"""

import gc
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, Protocol

from ..table_check import table_problem
from .git import GitProblem, GitReader, merge_base, repo_root, resolve_commit, revision
from .tablediff import Side

TABLE_FORMAT = 1
CONFIG_SUFFIXES = (".yaml", ".yml", ".toml")


class InputProblem(Exception):
    """An input that cannot be read or understood; the message says which and what to do."""


class CompileFailed(Exception):
    """A side did not compile; carries the compiler's diagnostics for rendering."""

    def __init__(self, label: str, diagnostics: Sequence[Any], sources: Mapping[str, str]) -> None:
        super().__init__(f"{label} does not compile")
        self.label = label
        self.diagnostics = diagnostics
        self.sources = sources


class Reader(Protocol):
    def read_bytes(self, relpath: str) -> bytes: ...
    def exists(self, relpath: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Request:
    """The diff inputs as typed: positional specs, --env values, --project."""

    specs: tuple[str, ...]
    envs: tuple[str, ...] = ()
    project: Path = Path(".")
    environ: Mapping[str, str] | None = None


def resolve_sides(request: Request) -> tuple[Side, Side]:
    """The two sides a request names; InputProblem or CompileFailed when it cannot be done."""
    specs, envs = request.specs, request.envs
    if len(envs) > 2:
        raise InputProblem("give at most two --env values (--env staging --env production)")
    if len(specs) > 2:
        raise InputProblem(f"give at most two inputs to compare (got {len(specs)})")
    if not specs:
        if len(envs) != 2:
            raise InputProblem(
                "nothing to compare: give two environments (--env staging --env production or "
                "staging..production), two files or tables, or a git revision (HEAD~1, main..HEAD)"
            )
        return _env_side(request, envs[0]), _env_side(request, envs[1])
    if len(specs) == 1:
        return _one_spec(request, specs[0])
    return _spec_side(request, specs[0], 0), _spec_side(request, specs[1], 1)


def _one_spec(request: Request, spec: str) -> tuple[Side, Side]:
    if Path(spec).exists():
        raise InputProblem(f"`{spec}`: give a second file or table to compare it with")
    for sep in ("...", ".."):
        if sep in spec:
            left, _, right = spec.partition(sep)
            return _range(request, left, right, sep)
    commit = _commit(request, spec)
    if commit is None:
        raise InputProblem(f"`{spec}` is not a file, a table, a git revision or an environment range (A..B)")
    old = _git_side(request, spec, commit, _env_for(request, 0))
    return old, _project_side(request, "working tree", _env_for(request, 1))


def _range(request: Request, left: str, right: str, sep: str) -> tuple[Side, Side]:
    left_commit = _commit(request, left or "HEAD")
    right_commit = _commit(request, right or "HEAD")
    if left_commit is not None and right_commit is not None:
        if sep == "...":
            left_commit = merge_base(_repo(request), left_commit, right_commit)
        return (
            _git_side(request, left or "HEAD", left_commit, _env_for(request, 0)),
            _git_side(request, right or "HEAD", right_commit, _env_for(request, 1)),
        )
    if (left_commit is None) != (right_commit is None):
        missing = left or "HEAD" if left_commit is None else right or "HEAD"
        raise InputProblem(f"`{left}{sep}{right}`: `{missing}` is not a git revision here")
    if sep == ".." and left and right and not request.envs:
        return _env_side(request, left), _env_side(request, right)
    raise InputProblem(
        f"`{left}{sep}{right}` names neither two git revisions nor two environments (staging..production)"
    )


def _spec_side(request: Request, spec: str, index: int) -> Side:
    path = Path(spec)
    if path.exists():
        table = read_table(path, strict=path.suffix.lower() == ".json")
        if table is not None:
            return table
        env = _env_for(request, index)
        return _compile(path, _with_env(spec, env), env, None, request.environ)
    if path.is_symlink():  # exists() is False for a link whose target is missing or loops
        raise InputProblem(f"`{spec}`: a symbolic link that loops or leads nowhere; give a file")
    commit = _commit(request, spec)
    if commit is None:
        raise InputProblem(f"`{spec}`: no such file, table or git revision")
    return _git_side(request, spec, commit, _env_for(request, index))


def _env_for(request: Request, index: int) -> str | None:
    if not request.envs:
        return None
    return request.envs[min(index, len(request.envs) - 1)]


def _env_side(request: Request, env: str) -> Side:
    return _compile(request.project, env, env, None, request.environ)


def _project_side(request: Request, label: str, env: str | None) -> Side:
    return _compile(request.project, _with_env(label, env), env, None, request.environ)


def _fs_prefix(root: Path) -> str:
    """How files of the project at ``root`` are named from the current directory."""
    folder = root.parent if root.suffix in CONFIG_SUFFIXES else root
    return "" if folder == Path(".") else folder.as_posix() + "/"


def _git_side(request: Request, rev: str, commit: str, env: str | None) -> Side:
    repo = _repo(request)
    project = request.project
    if project.suffix in CONFIG_SUFFIXES:  # a single config file: its directory is the project
        project = project.parent
    try:
        at = revision(project, repo, commit)
        reader = GitReader(at)
    except (GitProblem, ValueError) as exc:
        raise InputProblem(f"`{rev}`: cannot read the project from git: {exc}") from exc
    return _compile(request.project, _with_env(rev, env), env, reader, request.environ, f"{rev}:{at.prefix}")


def _with_env(label: str, env: str | None) -> str:
    return label if env is None else f"{label} ({env})"


def _repo(request: Request) -> Path:
    repo = repo_root(request.project.resolve())
    if repo is None:
        raise InputProblem(f"{request.project}: not inside a git repository, so revisions cannot be read")
    return repo


def _commit(request: Request, rev: str) -> str | None:
    repo = repo_root(request.project.resolve())
    return None if repo is None else resolve_commit(repo, rev)


def _compile(
    root: Path,
    label: str,
    env: str | None,
    reader: Reader | None,
    environ: Mapping[str, str] | None,
    file_prefix: str | None = None,
) -> Side:
    from modelcfg.compiler import compile_project

    compilation = compile_project(root, env=env, environ=environ, reader=reader)
    if not compilation.ok or compilation.table is None:
        raise CompileFailed(label, compilation.diagnostics, compilation.sources)
    table = compilation.table
    prefix = _fs_prefix(root) if file_prefix is None else file_prefix
    return Side(label, table["body"], table.get("content_hash"), compilation.origins, prefix)


def _parse_json(data: bytes) -> Any:
    """json.loads with the cyclic GC paused: a table is a large acyclic tree, and collections
    triggered while it is built cost a third of the parse for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(data)
    finally:
        if enabled:
            gc.enable()


def read_table(path: Path, *, strict: bool = False) -> Side | None:
    """The Side of a compiled table at ``path``, its content_hash verified; None when the file is
    not a table (a config). With ``strict`` (a `.json` input) anything else is an InputProblem."""
    if not path.is_file():
        if strict and path.exists():
            raise InputProblem(f"{path}: not a regular file; give a table written by `modelcfg compile`")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputProblem(f"{path}: cannot read it ({exc.strerror})") from exc
    if data.lstrip()[:1] != b"{":
        return _not_a_table(path, "it is empty" if not data.strip() else "") if strict else None
    try:
        envelope = _parse_json(data)
    except (ValueError, UnicodeDecodeError) as exc:
        where = f"{path}:{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(path)
        raise InputProblem(f"{where}: not valid JSON ({exc.args[0] if exc.args else exc})") from exc
    except RecursionError:
        raise InputProblem(f"{path}: nested too deeply to be a modelcfg table") from None
    if not isinstance(envelope, dict) or "format" not in envelope:
        return _not_a_table(path, "it has no `format`") if strict else None
    if envelope["format"] != TABLE_FORMAT or not isinstance(envelope.get("body"), dict):
        raise InputProblem(
            f"{path}: a table of format {envelope['format']!r} without a usable `body`; "
            f"this modelcfg reads format {TABLE_FORMAT} (recompile with `modelcfg compile`)"
        )
    _check_hash(path, envelope)
    if (problem := table_problem(path, envelope)) is not None:
        raise InputProblem(problem)
    label = str(path)
    if envelope.get("environment"):
        label += f" ({envelope['environment']})"
    return Side(label, envelope["body"], envelope.get("content_hash"))


def _not_a_table(path: Path, why: str) -> NoReturn:
    raise InputProblem(
        f"{path}: not a modelcfg table{f' ({why})' if why else ''}; a `.json` input must be a table "
        "written by `modelcfg compile` (an object with `format`, `content_hash` and `body`)"
    )


def _check_hash(path: Path, envelope: Mapping[str, Any]) -> None:
    """Refuse a table whose body does not match its content_hash (edited by hand, or damaged)."""
    stated = envelope.get("content_hash")
    if not isinstance(stated, str) or not stated.startswith("sha256:"):
        raise InputProblem(f"{path}: the table has no content_hash; recompile it with `modelcfg compile`")
    try:
        if _digest(envelope["body"]) == stated:
            return
    except RecursionError:
        raise InputProblem(f"{path}: nested too deeply to be a modelcfg table") from None
    raise InputProblem(
        f"{path}: content_hash does not match the body: the table was edited by hand or damaged; "
        "compile it again (`modelcfg compile`) instead of editing it"
    )


#: docs/table-format.md's canonical JSON; a parsed file has no cycles to look for (a quarter faster)
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False)


def _digest(body: Any) -> str:
    """docs/table-format.md's content_hash: sha256 of the canonical JSON of the body."""
    return "sha256:" + hashlib.sha256(_CANONICAL.encode(body).encode("utf-8")).hexdigest()
