"""Loader speed: modelcfg's YAML and TOML loaders against ruamel.yaml's safe load and tomllib.

One generated file of 5,000 providers (2.8 MB of YAML; the same providers as TOML), timed
in one run, alternating (CPU seconds, medians):
- YAML, the fast path: libyaml's events straight into positioned values;
- YAML, the fallback: the same file with one `[preset:openai]` (a colon in a flow
  collection, which libyaml refuses), read again by ruamel's pure-Python parser;
- ruamel.yaml `YAML(typ="safe").load` of the same text (the baseline);
- TOML: `parse` (tomllib, nesting scan, positions) against bare `tomllib.loads`.

    .venv/bin/python benchmarks/load_bench.py [--runs N] [--providers N]
"""

import argparse
import statistics
import time
import tomllib
from collections.abc import Callable
from typing import Any

from compile_bench import provider_yaml
from modelcfg.compiler.load import parse
from ruamel.yaml import YAML


def provider_toml(i: int) -> str:
    return (
        f'[providers.p{i:05d}]\napi = "openai"\nendpoint = "https://api{i}.example.com/v1"\n'
        f'api_key_env = "KEY_{i}"\nmax_input_tokens = 128000\nheaders = {{ X-Title = "agent-{i}" }}\n'
        f'settings = {{ temperature = 0.7, top_p = 0.95, stop = ["<|eot_id|>", "<|eom_id|>"] }}\n'
        f"rate_limits = {{ rpm = 500, tpm = 200000 }}\n[providers.p{i:05d}.models]\n"
        f'small = "model-{i}-mini"\nlarge = {{ id = "model-{i}-large", max_input_tokens = 200000 }}\n'
    )


def cpu_seconds(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def medians(work: dict[str, Callable[[], Any]], runs: int) -> dict[str, float]:
    """CPU medians of each piece of work, run in turn ``runs`` times."""
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(runs):
        for name, fn in work.items():
            times[name].append(cpu_seconds(fn))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--providers", type=int, default=5000)
    args = parser.parse_args()
    text = "providers:\n" + "".join(provider_yaml(i) for i in range(args.providers))
    data, flow = text.encode(), ("extends: [preset:openai]\n" + text).encode()
    toml = "".join(provider_toml(i) for i in range(args.providers))
    yaml_times = medians(
        {
            "ruamel.yaml safe load": lambda: YAML(typ="safe").load(text),
            "modelcfg, libyaml events": lambda: parse("modelcfg.yaml", data),
            "modelcfg, pure-parser fallback": lambda: parse("modelcfg.yaml", flow),
        },
        args.runs,
    )
    toml_times = medians(
        {"tomllib.loads": lambda: tomllib.loads(toml), "modelcfg": lambda: parse("m.toml", toml.encode())},
        args.runs,
    )
    print(f"YAML, {len(data) / 1e6:.2f} MB, {args.providers} providers, CPU medians of {args.runs} runs")
    base = yaml_times["ruamel.yaml safe load"]
    for name, seconds in yaml_times.items():
        print(f"  {name:32} {seconds * 1000:8.0f} ms  {seconds / base:5.2f}x")
    print(f"TOML, {len(toml) / 1e6:.2f} MB")
    base = toml_times["tomllib.loads"]
    for name, seconds in toml_times.items():
        print(f"  {name:32} {seconds * 1000:8.0f} ms  {seconds / base:5.2f}x")


if __name__ == "__main__":
    main()
