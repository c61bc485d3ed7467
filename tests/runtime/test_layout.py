"""The runtime's shape: no import cycles, a curated public surface, every package installed."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import modelcfg.runtime

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "runtime"


def module_name(path: Path) -> str:
    parts = ["modelcfg", "runtime", *path.relative_to(RUNTIME).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str) -> set[str]:
    """Runtime modules `path` imports, at any depth of the file (lazy and TYPE_CHECKING too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("modelcfg.runtime"):
            found.add(node.module or "")
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in RUNTIME.rglob("*.py")}
    return {name: imports_of(path, name) & files.keys() - {name} for name, path in files.items()}


def test_runtime_modules_import_each_other_without_cycles() -> None:
    edges = graph()
    # a package's __init__ re-exports its modules: that edge is not a cycle through the package
    for name in edges:
        edges[name] = {t for t in edges[name] if not name.startswith(t + ".")}
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in path, "import cycle: " + " -> ".join([*path[path.index(node) :], node])
        if node in done:
            return
        for target in sorted(edges[node]):
            visit(target, [*path, node])
        done.add(node)

    for name in sorted(edges):
        visit(name, [])


def test_public_surface_is_what_a_user_calls() -> None:
    public = set(modelcfg.runtime.__all__)
    assert {"Runtime", "load_table", "ModelcfgError", "AllFailed", "TextResult", "Usage"} <= public
    assert not public & {"Breaker", "BreakerState", "MemoryBreakerStore", "NoLimit", "backoff", "canonical"}
    for name in public:
        assert getattr(modelcfg.runtime, name) is not None


def test_every_runtime_package_is_installed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {module_name(p) for p in RUNTIME.rglob("__init__.py")}
    assert packages <= listed
