"""The one "backend is down: warn once, retry every N s" tracker (cache tiers, shared Redis)."""

from __future__ import annotations

import logging

import pytest
from modelcfg.runtime.outage import Outage

from tests.runtime.clock import FakeClock

LOG = logging.getLogger("tests.outage")


def outage(clock: FakeClock) -> Outage:
    return Outage("thing", (OSError,), retry_s=5, clock=clock, log=LOG, instead="doing without")


def failing() -> str:
    raise OSError("gone")


def test_down_backend_is_skipped_until_retry_s_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    o = outage(clock)
    caplog.set_level(logging.INFO, logger="tests.outage")
    assert o.call(failing, "fallback") == "fallback"
    assert o.down and not o.usable()
    assert o.call(lambda: "answer", "fallback") == "fallback"  # resting: not even tried
    clock.sleep(5)
    assert o.call(failing, "fallback") == "fallback"  # tried again, still down: quiet
    assert o.failures == 2
    assert [r.getMessage() for r in caplog.records] == [
        "thing unavailable (OSError: gone); doing without, retrying every 5s"
    ]
    clock.sleep(5)
    assert o.call(lambda: "answer", "fallback") == "answer"
    assert not o.down and o.usable()
    assert caplog.records[-1].getMessage() == "thing is back"


def test_recovered_reports_the_end_of_an_outage_once() -> None:
    o = outage(FakeClock())
    assert not o.recovered()  # never down
    o.fail(OSError("x"))
    assert o.recovered() and not o.recovered()


def test_errors_it_does_not_own_propagate() -> None:
    o = outage(FakeClock())

    def broken() -> str:
        raise KeyError("a bug, not an outage")

    with pytest.raises(KeyError):
        o.call(broken, "fallback")
    assert not o.down
