"""Benchmark `modelcfg lint` against check-jsonschema validating the same files, side by side.

Budgets (issue 4), whole processes, medians of `--runs` alternating runs:
- linting the bundled example project (examples/) ≤ check-jsonschema's time on its files;
- linting 100 standalone config files in one process ≤ 0.5 × check-jsonschema's time on them.

Each case is run cold (`--no-cache`: compile and lint every target) and warm (every target
answered from the lint cache, as in CI with a restored cache or a second local run).

check-jsonschema only checks structure against schema/modelcfg.schema.json; modelcfg lint also
merges layers and runs the semantic rules (catalog, routing, failover, secrets).

    .venv/bin/python benchmarks/lint_bench.py [--runs 7] [--files 100]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCHEMA = REPO / "schema" / "modelcfg.schema.json"
EXAMPLE_FILES = sorted(
    str(p) for p in (REPO / "examples").rglob("*") if p.suffix in (".yaml", ".yml", ".toml")
)

CONFIG = """\
# team {i}: a standalone config
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    max_output_tokens: {out}
    settings: {{temperature: 0.{t}, stop: ["###"]}}
    models:
      small: gpt-5.4-mini
      medium: gpt-5.4
      large: gpt-5.4
      embedding: text-embedding-3-small
    embedding: {{dimensions: 1536}}
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com/v1
    api_key_env: ANTHROPIC_API_KEY
    settings: {{temperature: 0.{t}}}
    models:
      small: claude-haiku-4-5
      medium: claude-sonnet-4-6
      large: claude-opus-4-6
profiles:
  precise: {{temperature: 0.2}}
selection:
  default_provider: openai
  tasks:
    summarize: {{class: medium, profile: precise}}
failover:
  chains:
    openai/large: [anthropic/large]
"""


def write_files(directory: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = directory / f"team-{i:03d}.yaml"
        path.write_text(CONFIG.format(i=i, out=4096 + i, t=i % 9 + 1), encoding="utf-8")
        paths.append(str(path))
    return paths


# Both tools run as installed, with bytecode caches (a shell may set PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + sys) milliseconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=ENV)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def side_by_side(cold: list[str], peer: list[str], runs: int) -> dict[str, list[float]]:
    """Median wall and CPU ms per tool: modelcfg cold (`--no-cache`), warm (cache hits) and the
    peer, alternating runs so all three see the same machine load."""
    commands = {"cold": [*cold, "--no-cache"], "warm": cold, "peer": peer}
    for command in commands.values():
        timed(command)  # warm the file and bytecode caches, and fill the lint cache
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    return {name: [statistics.median(s[i] for s in got) for i in (0, 1)] for name, got in samples.items()}


def report(title: str, figures: dict[str, list[float]], budget: float) -> None:
    print(title)
    for i, kind in enumerate(("wall", "cpu")):
        theirs = figures["peer"][i]
        print(f"  {kind:4}  check-jsonschema {theirs:7.1f} ms")
        for name in ("cold", "warm"):
            ours = figures[name][i]
            verdict = "ok" if ours / theirs <= budget else "OVER"
            print(
                f"        modelcfg lint {name}  {ours:7.1f} ms   "
                f"ratio {ours / theirs:4.2f} (budget ≤ {budget:.2f}: {verdict})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args()
    lint = [str(BIN / "modelcfg"), "lint", "--format", "concise"]
    peer = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA)]

    figures = side_by_side([*lint, "examples"], [*peer, *EXAMPLE_FILES], args.runs)
    report(f"examples/ ({len(EXAMPLE_FILES)} files), whole process, median of {args.runs}", figures, 1.0)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(Path(tmp), args.files)
        figures = side_by_side([*lint, tmp], [*peer, *files], args.runs)
    report(f"{args.files} standalone files in one process, median of {args.runs}", figures, 0.5)


if __name__ == "__main__":
    main()
