"""What `modelcfg lint PATHS` checks: projects and standalone config files, found without compiling.

Stdlib only, so a lint answered from the cache never imports the compiler.
"""

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath

from .diagnostic import Diagnostic
from .layers import ROOT_FILES

__all__ = ["CONFIG_SUFFIXES", "InputError", "LintResult", "targets"]

CONFIG_SUFFIXES = (".yaml", ".yml", ".toml")


@dataclass(frozen=True)
class LintResult:
    """The findings for one project or standalone file, and the texts they point into."""

    target: str
    diagnostics: tuple[Diagnostic, ...]
    sources: Mapping[str, str]
    usage_error: bool = False


class InputError(Exception):
    """A path to lint does not exist or holds no config: a usage problem (exit 2)."""


def targets(paths: Sequence[str]) -> list[tuple[FsPath, bool]]:
    """What to compile for each path, in order: (project directory or file, takes --env).

    A directory with a root file is a project; any other directory contributes every project
    below it and every other config file below it as a standalone file. Projects and files
    named on the command line take --env; files found inside a directory do not.
    """
    if not paths:  # no paths: the project here, not every YAML file below it
        if not any(FsPath(name).is_file() for name in ROOT_FILES):
            raise InputError(f"no {', '.join(ROOT_FILES)} here; name the projects or files to lint")
        return [(FsPath("."), True)]
    found: list[tuple[FsPath, bool]] = []
    for raw in paths:
        path = FsPath(raw)
        if path.is_file():
            found.append((path, True))
        elif path.is_dir():
            below = _walk(path)
            if not below:
                raise InputError(f"{raw}: no modelcfg project or .yaml/.yml/.toml file here")
            found += below
        else:
            raise InputError(f"{raw}: {_unreadable(path)}")
    return found


def _unreadable(path: FsPath) -> str:
    """Why a path is neither a file nor a directory: missing, a symlink loop, a FIFO…"""
    try:
        path.stat()
    except OSError as exc:
        return (exc.strerror or "cannot be read").lower()
    return "not a regular file or directory (a FIFO, socket or device?)"


def _walk(directory: FsPath) -> list[tuple[FsPath, bool]]:
    """Projects and config files below ``directory``; symlinked directories are not entered
    (a link to a parent would never end), broken or looping links are left to the compile to report."""
    if any(os.path.lexists(directory / name) for name in ROOT_FILES):
        return [(directory, True)]
    found: list[tuple[FsPath, bool]] = []
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            found += _walk(FsPath(entry.path))
        elif entry.name.endswith(CONFIG_SUFFIXES):
            found.append((FsPath(entry.path), False))
    return found
