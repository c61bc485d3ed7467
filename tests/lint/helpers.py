"""Shared pieces of the lint tests: the pinned date and fixture discovery."""

import datetime as dt
import re
from pathlib import Path

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SEED_PROJECT = HERE / "seed_project"
GOLDEN = HERE / "golden"
REPO = HERE.parent.parent

#: Model retirements are judged against this date, so findings do not drift with the calendar.
TODAY = dt.date(2026, 11, 29)

_EXPECT_RE = re.compile(r"^# expect: (MC\d{3}) (\d+):(\d+)$")


def rule_fixtures() -> list[Path]:
    """One directory per rule, named `CODE-name`, holding bad.yaml and its clean twin good.yaml."""
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def expected(bad: Path) -> tuple[str, int, int]:
    """The finding a bad fixture declares on its first line: `# expect: MC301 8:14`."""
    match = _EXPECT_RE.match(bad.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{bad} must start with `# expect: CODE line:col`"
    return match.group(1), int(match.group(2)), int(match.group(3))
