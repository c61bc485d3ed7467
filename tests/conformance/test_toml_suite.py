"""The TOML loader on toml-test's TOML 1.0 cases (vendored in toml-test/).

Every valid case loads with the expected value, except the config format's own refusals
(date-times, inf and nan), and every invalid case is refused with a located error.
"""

from tests.conformance.suites import toml_outcome

OUTCOME = toml_outcome()


def test_valid_cases_load_with_the_expected_value() -> None:
    assert OUTCOME.wrong == []
    assert OUTCOME.refused == {}
    assert len(OUTCOME.right) == 188


def test_only_dates_and_non_finite_floats_are_refused_on_purpose() -> None:
    assert len(OUTCOME.policy) == 22
    assert "valid/datetime/datetime.toml" in OUTCOME.policy
    assert "valid/float/inf-and-nan.toml" in OUTCOME.policy


def test_every_invalid_case_is_refused() -> None:
    assert OUTCOME.invalid_accepted == []
    assert len(OUTCOME.invalid_refused) == 499
