"""The wheel: one `modelcfg` package with its data, installable into a fresh venv."""

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
SOURCES = ["pyproject.toml", "README.md", "modelcfg", "schema", "compiler", "runtime", "profiles"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build from a copy of the sources, so the build never writes into the working tree."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, src / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "--disable-pip-version-check",
            "-w",
            dist,
            src,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = dist.glob("modelcfg-*.whl")
    return built


def test_wheel_holds_one_top_level_package_with_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"modelcfg"}, f"unexpected top-level names: {top - {'modelcfg'}}"
    for required in (
        "modelcfg/schema/modelcfg.schema.json",
        "modelcfg/profiles/catalog.json",
        "modelcfg/profiles/presets/openai.yaml",
        "modelcfg/profiles/presets/heurist.yaml",
        "modelcfg/profiles/profiles/precise.yaml",
        "modelcfg/cli/schema_cmd.py",
        "modelcfg/lsp/__init__.py",
    ):
        assert required in names


def test_wheel_holds_every_subpackage_of_the_source_tree(wheel: Path) -> None:
    """A new subpackage must be named in pyproject's explicit `packages` list, or it ships missing."""
    names = set(zipfile.ZipFile(wheel).namelist())
    folders = {
        "modelcfg": "modelcfg",
        "schema": "modelcfg/schema",
        "compiler": "modelcfg/compiler",
        "runtime": "modelcfg/runtime",
        "profiles": "modelcfg/profiles",
    }
    missing = [
        f"{folder}/{init.parent.relative_to(REPO / folder)}"
        for folder, installed in folders.items()
        for init in (REPO / folder).rglob("__init__.py")
        if f"{installed}/{init.relative_to(REPO / folder).as_posix()}" not in names
    ]
    assert missing == []


def test_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=False, system_site_packages=False)  # our pip installs into it: no ensurepip
    bin_dir = env / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            bin_dir / "python",
            "install",
            "-q",
            "--disable-pip-version-check",
            wheel,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    version = subprocess.run([bin_dir / "modelcfg", "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == "modelcfg, version 0.1.0"
    schema = subprocess.run([bin_dir / "modelcfg", "schema"], capture_output=True, text=True, check=True)
    assert schema.stdout == (REPO / "schema" / "modelcfg.schema.json").read_text(encoding="utf-8")
    module = subprocess.run(
        [bin_dir / "python", "-m", "modelcfg", "catalog", "show", "gpt-4o", "--provider", "openai"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert module.returncode == 0 and "openai/gpt-4o" in module.stdout
    imported = subprocess.run(
        [
            bin_dir / "python",
            "-c",
            "import importlib.util as u; print(u.find_spec('schema'), u.find_spec('compiler'))",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert imported.stdout.strip() == "None None"
