"""Compile speed vs ruamel.yaml's C loader (and OmegaConf's merge as a peer figure).

Generates synthetic projects of 11, 200 and 5,000 providers (a base file plus two
environment overlays, each touching 2% of the providers), then times in one run:
- `compile_project` end to end (load, merge, templates, validation, table);
- ruamel.yaml `YAML(typ="safe", pure=False).load` of the same three files (the baseline);
- OmegaConf.merge of the three already-parsed layers (peer);
- a whole `modelcfg compile` process on examples/ (median of several runs).

In-process figures are CPU seconds (medians, compile and baseline run alternately):
the machine is shared, and wall time mostly measures the neighbours.

    .venv/bin/python benchmarks/compile_bench.py [--quick] [--process-only] [--python OTHER/bin/python]

`--python` times the same `modelcfg compile` process under other interpreters too (say a venv
with a regular `pip install .`, to see what the editable install's import hook costs).
"""

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def provider_yaml(i: int) -> str:
    return (
        f"  p{i:05d}:\n"
        f"    api: openai\n"
        f"    endpoint: https://api{i}.example.com/v1\n"
        f"    api_key_env: KEY_{i}\n"
        f"    max_input_tokens: 128000\n"
        f"    max_output_tokens: 8192\n"
        f"    headers: {{X-Title: agent-{i}}}\n"
        f"    models:\n"
        f"      small: model-{i}-mini\n"
        f"      medium: model-{i}\n"
        f"      large: {{id: model-{i}-large, max_input_tokens: 200000, settings: {{temperature: 0.3}}}}\n"
        f"      embedding: {{id: embed-{i}, dimensions: 1536}}\n"
        f"    settings:\n"
        f"      temperature: 0.7\n"
        f"      top_p: 0.95\n"
        f'      stop: ["<|eot_id|>", "<|eom_id|>"]\n'
        f"    rate_limits: {{rpm: 500, tpm: 200000}}\n"
        f"    timeout_s: 60\n"
    )


def overlay_yaml(n: int, offset: int) -> str:
    touched = range(offset, n, 50)
    lines = ["providers:\n"]
    for i in touched:
        lines.append(
            f"  p{i:05d}:\n    settings: {{temperature: 0.{offset + 1}, stop: {{$append: ['</s>']}}}}\n"
        )
    return "".join(lines)


def make_project(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "envs").mkdir(exist_ok=True)
    base = "environments: {bench: [envs/a.yaml, envs/b.yaml]}\nproviders:\n"
    base += "".join(provider_yaml(i) for i in range(n))
    base += "selection: {default_provider: p00000}\n"
    files = [folder / "modelcfg.yaml", folder / "envs/a.yaml", folder / "envs/b.yaml"]
    files[0].write_text(base)
    files[1].write_text(overlay_yaml(n, 0))
    files[2].write_text(overlay_yaml(n, 1))
    return files


def cpu_seconds(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def paired(first: Callable[[], Any], second: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median CPU seconds of each, run alternately so both see the same load on a shared machine."""
    a, b = [], []
    for _ in range(runs):
        a.append(cpu_seconds(first))
        b.append(cpu_seconds(second))
    return statistics.median(a), statistics.median(b)


def ruamel_load(files: list[Path]) -> list[Any]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    return [yaml.load(f.read_bytes()) for f in files]


def omegaconf_merge(trees: list[Any]) -> Any:
    from omegaconf import OmegaConf

    return OmegaConf.merge(*(OmegaConf.create(t) for t in trees))


# Processes run as installed, with bytecode caches (a shell may set PYTHONDONTWRITEBYTECODE,
# and a stale cache would then be recompiled on every run), with the compile cache allowed.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "MODELCFG_NO_CACHE")}


def process_times(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of ``command`` as a fresh process, per run."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENV, cwd=ROOT.parent)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Fewer runs, no OmegaConf at 5,000.")
    parser.add_argument("--process-only", action="store_true", help="Only the `modelcfg compile` process.")
    parser.add_argument("--python", action="append", default=[], help="Also time the process with this.")
    args = parser.parse_args()
    if not args.process_only:
        synthetic(args.quick)
    process_budget(args.quick, [sys.executable, *args.python])


def synthetic(quick: bool) -> None:
    """The 11/200/5,000-provider projects against ruamel's load and OmegaConf's merge."""
    from modelcfg.compiler import compile_project

    runs = 3 if quick else 5
    sizes = (11, 200, 5000)
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"p{n}"
            files = make_project(folder, n)
            size = sum(f.stat().st_size for f in files)
            result = compile_project(folder, env="bench", environ={})
            assert result.ok, result.diagnostics[:3]
            compile_s, load_s = paired(
                lambda folder=folder: compile_project(folder, env="bench", environ={}),
                lambda files=files: ruamel_load(files),
                runs,
            )
            row = {"bytes": size, "compile": compile_s, "ruamel": load_s}
            if not (quick and n == 5000):
                trees = ruamel_load(files)
                for tree in trees[1:]:  # OmegaConf has no directives: give it plain lists
                    for provider in tree["providers"].values():
                        provider["settings"]["stop"] = provider["settings"]["stop"]["$append"]
                row["omegaconf"] = statistics.median(
                    cpu_seconds(lambda trees=trees: omegaconf_merge(trees))
                    for _ in range(1 if n == 5000 else runs)
                )
            results[n] = row
            print(
                f"{n:>5} providers {size / 1e6:6.2f} MB: compile {compile_s * 1000:8.1f} ms | "
                f"ruamel C load {load_s * 1000:8.1f} ms | ratio {compile_s / load_s:4.2f}x"
                + (f" | OmegaConf merge {row['omegaconf'] * 1000:8.1f} ms" if "omegaconf" in row else "")
            )
    small, big = results[200], results[5000]
    growth = math.log(big["bytes"] / small["bytes"])
    exponent = math.log(big["compile"] / small["compile"]) / growth
    baseline = math.log(big["ruamel"] / small["ruamel"]) / growth
    print(
        f"scaling exponent (200 → 5,000 providers): {exponent:.2f}; "
        f"ruamel's load of the same files: {baseline:.2f}"
    )
    print(f"budget: 5,000-provider compile ≤ 1.5x ruamel load: {big['compile'] / big['ruamel']:.2f}x")


#: What any click + pydantic program pays before its own work (pydantic loads its plugin
#: registry, and with it importlib.metadata, on the first model it builds).
FLOOR = """
import click
from pydantic import BaseModel
class One(BaseModel):
    x: int
One.model_validate({"x": 1})
"""


def process_budget(quick: bool, pythons: list[str]) -> None:
    """Issue 3's budget: `modelcfg compile -p examples` as a whole process ≤ 150 ms (median).

    Times, per interpreter, the cold process (`--no-cache`: import, compile, write), the warm one
    (an unchanged project answered from examples/.modelcfg_cache), python startup, and the floor
    of a cold compile (import click + pydantic, build a model). Runs alternate so all see the same
    machine load.
    """
    examples = ROOT / "examples"
    if not ((examples / "modelcfg.yaml").is_file() or (examples / "modelcfg.toml").is_file()):
        return
    runs = 5 if quick else 11
    with tempfile.TemporaryDirectory() as tmp:
        output = str(Path(tmp) / "build" / "modelcfg.lock.json")
        compile_args = ["-m", "modelcfg", "compile", "-p", str(examples), "--env", "production", "-o", output]
        commands = {
            python: {
                "cold (--no-cache)": [python, *compile_args, "--no-cache"],
                "warm (cache hit)": [python, *compile_args],
                "python startup": [python, "-c", "pass"],
                "floor: import click + pydantic": [python, "-c", FLOOR],
            }
            for python in pythons
        }
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {
            (python, name): [] for python, named in commands.items() for name in named
        }
        for named in commands.values():
            for command in named.values():
                process_times(command, 1)  # warm the file and bytecode caches, fill the compile cache
        for _ in range(runs):
            for python, named in commands.items():
                for name, command in named.items():
                    (wall,), (cpu,) = process_times(command, 1)
                    samples[python, name].append((wall, cpu))
    for python in pythons:
        print(f"`modelcfg compile -p examples --env production -o …` process ({python}), median of {runs}:")
        for name in commands[python]:
            wall, cpu = (statistics.median(s[i] for s in samples[python, name]) * 1000 for i in range(2))
            print(f"  {name:32} {wall:5.0f} ms wall {cpu:5.0f} ms CPU")
        print("  budget: 150 ms")


if __name__ == "__main__":
    main()
