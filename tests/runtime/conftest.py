"""Runtime fixtures: a table over the emulator and a Runtime with a fake clock."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from modelcfg.runtime import Runtime

from tests.emulator import Emulator
from tests.runtime.clock import FakeClock
from tests.runtime.tables import KEYS, four_apis


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_runtime(emulator: Emulator, clock: FakeClock) -> Iterator[Any]:
    made: list[Runtime] = []

    def make(table: dict[str, Any] | None = None, **options: Any) -> Runtime:
        options.setdefault("environ", KEYS)
        rt = Runtime.from_table(
            table or four_apis(emulator),
            clock=clock,
            sleep=clock.sleep,
            asleep=clock.asleep,
            rng=random.Random(1),
            **options,
        )
        made.append(rt)
        return rt

    yield make
    for rt in made:
        rt.close()
