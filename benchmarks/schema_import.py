"""What `modelcfg.schema` costs on top of pydantic: importing it and building its validators.

Budget (issue 2): importing modelcfg.schema and building the Document validator costs
≤ 60 ms on top of what any pydantic program pays first (import pydantic, build and run a
one-field model, which also loads pydantic's plugin registry). Figures are CPU time
(`time.process_time`, so other processes on a shared machine count less than in wall
time), medians over fresh processes, the baseline measured in the same run: the
difference and the ratio are what count.

    .venv/bin/python benchmarks/schema_import.py [--runs 9]
"""

import argparse
import json
import statistics
import subprocess
import sys

BASELINE = """
import json, time
t0 = time.process_time()
from pydantic import BaseModel
class One(BaseModel):
    x: int
One.model_validate({"x": 1})
print(json.dumps({"total": time.process_time() - t0}))
"""
OURS = """
import json, time
t0 = time.process_time()
from modelcfg.schema import Document, document_schema
t1 = time.process_time()
Document.model_validate({"providers": {"openai": {"endpoint": "https://api.openai.com/v1",
    "models": {"small": "gpt-6-luna", "embedding": {"id": "text-embedding-3-small", "dimensions": 1536}}}},
    "profiles": {"precise": {"temperature": 0.2}}, "failover": {"chains": {"openai/large": ["anthropic"]}}})
t2 = time.process_time()
Document.model_validate({"selection": {"default_provider": "openai"}})
t3 = time.process_time()
document_schema()
t4 = time.process_time()
print(json.dumps({"import": t1 - t0, "build": t2 - t1, "total": t2 - t0,
                  "validate": t3 - t2, "emit": t4 - t3}))
"""


def medians(codes: list[str], runs: int) -> list[dict[str, float]]:
    """Median milliseconds of each figure each of ``codes`` prints, over fresh interpreters;
    the codes run alternately, so all see the same machine load."""
    samples: list[list[dict[str, float]]] = [[] for _ in codes]
    for _ in range(runs):
        for code, into in zip(codes, samples, strict=True):
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            into.append(json.loads(out.stdout))
    return [{key: statistics.median(s[key] for s in got) * 1000 for key in got[0]} for got in samples]


def importtime_ms(module: str) -> dict[str, float]:
    """Cumulative `-X importtime` of pydantic and of ``module``, from one process."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    cumulative: dict[str, float] = {}
    for line in err.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            cumulative[parts[2].strip()] = int(parts[1]) / 1000
    return {name: cumulative[name] for name in ("pydantic", "pydantic.main", module) if name in cumulative}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    base, ours = medians([BASELINE, OURS], args.runs)
    extra = ours["total"] - base["total"]
    print(f"baseline: import pydantic + build/validate a 1-field model  {base['total']:7.1f} ms")
    print(f"modelcfg.schema: import                                    {ours['import']:7.1f} ms")
    print(f"modelcfg.schema: first validation (builds Document)        {ours['build']:7.1f} ms")
    print(f"modelcfg.schema: import + build                            {ours['total']:7.1f} ms")
    print(f"  ratio to baseline                                        {ours['total'] / base['total']:7.2f}x")
    print(f"  on top of pydantic: {extra:.1f} ms (budget 60 ms: {'ok' if extra <= 60 else 'OVER'})")
    print(f"second validation                                          {ours['validate']:7.2f} ms")
    print(f"emit the JSON Schema (`modelcfg schema`)                   {ours['emit']:7.1f} ms")
    for name, ms in importtime_ms("modelcfg.schema").items():
        print(f"-X importtime cumulative {name:34} {ms:7.1f} ms")


if __name__ == "__main__":
    main()
