"""Built-in data: provider presets, tuning profiles and the model catalog.

`extends: ["preset:openai", "profile:precise"]` in a config resolves through
`builtin_path`; the catalog lives in `modelcfg.profiles.catalog`.
"""

from pathlib import Path
from typing import Literal

BuiltinKind = Literal["preset", "profile"]

_ROOT = Path(__file__).parent
_DIRS: dict[str, Path] = {"preset": _ROOT / "presets", "profile": _ROOT / "profiles"}


def builtin_names(kind: BuiltinKind) -> list[str]:
    """Names of the built-in presets or profiles, sorted."""
    return sorted(p.stem for p in _DIRS[kind].glob("*.yaml"))


def builtin_path(kind: BuiltinKind, name: str) -> Path:
    """The file of built-in ``kind`` ``name``; KeyError naming the known ones if there is none."""
    if kind not in _DIRS:
        raise KeyError(f"unknown built-in kind `{kind}` (use preset or profile)")
    path = _DIRS[kind] / f"{name}.yaml"
    if name != path.stem or not path.is_file():
        known = ", ".join(builtin_names(kind))
        raise KeyError(f"no built-in {kind} `{name}` (known: {known})")
    return path


__all__ = ["BuiltinKind", "builtin_names", "builtin_path"]
