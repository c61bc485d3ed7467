"""`find_secret` looks for bare key prefixes before running its regex over a long text."""

import pytest
from modelcfg.schema.secrets import KEY_PREFIXES, find_secret

FILLER = "providers:\n  p:\n    endpoint: https://api.example.com/v1\n" * 40  # well over 1 KB


@pytest.mark.parametrize("prefix", [prefix for prefix, _ in KEY_PREFIXES])
def test_every_key_prefix_is_found_at_the_end_of_a_long_text(prefix: str) -> None:
    key = prefix + "A1b2C3d4E5f6G7h8"
    assert find_secret(FILLER + f"    note: {key}\n") == key


def test_a_long_text_without_any_prefix_holds_no_secret() -> None:
    assert find_secret(FILLER) is None


def test_a_prefix_inside_a_word_is_not_a_key_in_a_long_text_either() -> None:
    assert find_secret(FILLER + "    note: task-A1b2C3d4E5f6G7h8\n") is None
    assert find_secret("short sk-A1b2C3d4E5f6G7h8") == "sk-A1b2C3d4E5f6G7h8"
