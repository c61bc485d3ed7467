"""Benchmark `modelcfg lint` against check-jsonschema validating the same files, side by side.

Budgets (issue 4), whole processes, medians of `--runs` alternating runs:
- linting the bundled example project (examples/) ≤ check-jsonschema's time on its files;
- linting 100 standalone config files in one process ≤ 0.5 × check-jsonschema's time on them.

check-jsonschema only checks structure against schema/modelcfg.schema.json; modelcfg lint also
merges layers and runs the semantic rules (catalog, routing, failover, secrets).

    .venv/bin/python benchmarks/lint_bench.py [--runs 7] [--files 100]
"""

import argparse
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


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def side_by_side(ours: list[str], peer: list[str], runs: int) -> tuple[float, float]:
    """Median ms of each command, alternating runs so both see the same machine load."""
    timed(ours), timed(peer)  # warm the file cache
    a, b = [], []
    for _ in range(runs):
        a.append(timed(ours))
        b.append(timed(peer))
    return statistics.median(a), statistics.median(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args()
    lint = [str(BIN / "modelcfg"), "lint", "--format", "concise"]
    peer = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA)]

    ours, theirs = side_by_side([*lint, "examples"], [*peer, *EXAMPLE_FILES], args.runs)
    print(f"examples/ ({len(EXAMPLE_FILES)} files, whole process, median of {args.runs})")
    print(f"  modelcfg lint      {ours:8.1f} ms")
    print(f"  check-jsonschema   {theirs:8.1f} ms")
    print(f"  ratio              {ours / theirs:8.2f}   (budget ≤ 1.00)")

    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(Path(tmp), args.files)
        ours_n, theirs_n = side_by_side([*lint, tmp], [*peer, *files], args.runs)
    print(f"{args.files} standalone files in one process (median of {args.runs})")
    print(f"  modelcfg lint      {ours_n:8.1f} ms")
    print(f"  check-jsonschema   {theirs_n:8.1f} ms")
    print(f"  ratio              {ours_n / theirs_n:8.2f}   (budget ≤ 0.50)")


if __name__ == "__main__":
    main()
