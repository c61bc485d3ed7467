"""The seed's benchmarkModel: run test prompts through each model class, collect latency,
tokens, failures and (when a case names an expected substring) accuracy."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .client import Runtime
from .errors import ModelcfgError

CHAT_CLASSES = ("small", "medium", "large")


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    prompt: str
    system: str | None = None
    max_tokens: int | None = None
    expect: str | None = None  # a substring the answer must contain


@dataclass(slots=True)
class ClassReport:
    model_class: str
    models: set[str] = field(default_factory=set)  # "provider/model" that actually answered
    latencies_s: list[float] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    failures: list[str] = field(default_factory=list)
    checked: int = 0
    correct: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "class": self.model_class,
            "models": sorted(self.models),
            "runs": len(self.latencies_s) + len(self.failures),
            "failures": len(self.failures),
            "errors": self.failures,
            "latency_ms": {
                "p50": _ms(percentile(self.latencies_s, 50)),
                "p95": _ms(percentile(self.latencies_s, 95)),
            },
            "tokens": {"input": self.input_tokens, "output": self.output_tokens},
            "accuracy": round(self.correct / self.checked, 4) if self.checked else None,
        }


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (None for no values)."""
    if not values:
        return None
    ranked = sorted(values)
    return ranked[max(0, math.ceil(p / 100 * len(ranked)) - 1)]


def parse_cases(data: Any) -> list[Case]:
    """Cases from `{cases: [...]}` or a bare list; ValueError says which entry is wrong."""
    items = data.get("cases") if isinstance(data, Mapping) else data
    if not isinstance(items, list) or not items:
        raise ValueError("expected a non-empty list of cases (or `cases:` with one)")
    cases = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"prompt": item}
        if not isinstance(item, Mapping) or not isinstance(item.get("prompt"), str):
            raise ValueError(f"case {i + 1}: needs a `prompt` string")
        unknown = set(item) - {"name", "prompt", "system", "max_tokens", "expect"}
        if unknown:
            raise ValueError(f"case {i + 1}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("system", "expect"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise ValueError(f"case {i + 1}: `{key}` must be a string")
        tokens = item.get("max_tokens")
        if tokens is not None and (type(tokens) is not int or tokens < 1):
            raise ValueError(f"case {i + 1}: `max_tokens` must be a whole number ≥ 1 (got {tokens!r})")
        cases.append(
            Case(
                str(item.get("name", f"case-{i + 1}")),
                item["prompt"],
                item.get("system"),
                item.get("max_tokens"),
                item.get("expect"),
            )
        )
    return cases


def run_bench(
    runtime: Runtime,
    cases: Sequence[Case],
    classes: Sequence[str] = CHAT_CLASSES,
    repeat: int = 1,
    on_step: Callable[[], None] = lambda: None,
    clock: Callable[[], float] = time.monotonic,
) -> list[ClassReport]:
    """Each case `repeat` times through each class; one ClassReport per class, in order.

    `clock` times each call: pass the one the Runtime was given, so latencies agree with its usage."""
    reports = []
    for cls in classes:
        report = ClassReport(cls)
        for case in cases:
            for _ in range(repeat):
                _run_one(runtime, cls, case, report, clock)
                on_step()
        reports.append(report)
    return reports


def _run_one(runtime: Runtime, cls: str, case: Case, report: ClassReport, clock: Callable[[], float]) -> None:
    started = clock()
    try:
        result = runtime.generate_text(
            case.prompt, system=case.system, max_tokens=case.max_tokens, model_class=cls
        )
    except ModelcfgError as exc:
        reason = " ".join(line.strip() for line in str(exc).splitlines())
        report.failures.append(f"{case.name}: {type(exc).__name__}: {reason}")
        return
    report.latencies_s.append(clock() - started)
    report.models.add(f"{result.provider}/{result.model}")
    report.input_tokens += result.usage.input_tokens
    report.output_tokens += result.usage.output_tokens
    if case.expect is not None:
        report.checked += 1
        report.correct += case.expect in result.text


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)
