"""Risk notes: each one fires on the change it names, and not on its harmless neighbours."""

import copy
from typing import Any

from modelcfg.compiler.diff import Side, catalog_lookup, diff_sides
from modelcfg.profiles.catalog import Catalog

from tests.diff.tables import chain, production, staging

CATALOG = Catalog(
    {
        "models": {
            "openai": {
                "gpt-4.1": {
                    "max_input_tokens": 1047576,
                    "input_cost_per_token": 2e-6,
                    "output_cost_per_token": 8e-6,
                },
                "gpt-4.1-mini": {
                    "max_input_tokens": 1047576,
                    "input_cost_per_token": 4e-7,
                    "output_cost_per_token": 1.6e-6,
                },
                "gpt-4o": {
                    "max_input_tokens": 128000,
                    "input_cost_per_token": 2.5e-6,
                    "output_cost_per_token": 1e-5,
                },
            }
        }
    }
)


def risks(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    result = diff_sides(Side("old", old), Side("new", new), lookup=catalog_lookup(CATALOG))
    return {r.code: r.message for r in result.risks}


def edited(edit: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    old = staging()
    new = copy.deepcopy(old)
    edit(new)
    return old, new


def large(body: dict[str, Any]) -> dict[str, Any]:
    model: dict[str, Any] = body["providers"]["openai"]["models"]["large"]
    return model


def test_pricier_model_swap_is_flagged_with_catalog_prices() -> None:
    old, new = edited(lambda b: large(b).update(id="gpt-4o", max_input_tokens=None))
    notes = risks(old, new)
    assert notes["pricier-model"] == (
        "model gpt-4.1 → gpt-4o costs more per 1M tokens: $2.00/$8.00 → $2.50/$10.00 (in/out)"
    )


def test_cheaper_model_swap_is_not_flagged() -> None:
    old, new = edited(lambda b: large(b).update(id="gpt-4.1-mini"))
    assert risks(old, new) == {}


def test_smaller_context_window_from_the_table_or_the_catalog() -> None:
    old, new = edited(lambda b: large(b).update(id="gpt-4o", max_input_tokens=None))
    large(old)["max_input_tokens"] = None  # both unknown in the table: the catalog decides
    assert risks(old, new)["smaller-context"] == (
        "model gpt-4.1 → gpt-4o has a smaller context window: 1,047,576 → 128,000 tokens"
    )
    old, new = edited(lambda b: large(b).update(id="unknown-model", max_input_tokens=32000))
    assert "128,000 → 32,000" in risks(old, new)["smaller-context"]


def test_max_output_tokens_raised_but_not_lowered() -> None:
    old, new = edited(lambda b: large(b).update(max_output_tokens=32768))
    assert risks(old, new) == {"max-output-raised": "max_output_tokens raised 16,384 → 32,768"}
    assert risks(new, old) == {}


def test_precise_temperature_raised_ignores_noise_and_other_profiles() -> None:
    old, new = edited(lambda b: b["profiles"]["precise"].update(temperature=0.5))
    assert risks(old, new) == {
        "precise-temperature-raised": "temperature raised 0.2 → 0.5 in the precise profile"
    }
    old, new = edited(lambda b: b["profiles"]["precise"].update(temperature=0.1 + 0.1))
    assert risks(old, new) == {}
    old, new = edited(lambda b: b["profiles"].update(creative={"temperature": 1.2}))
    assert risks(old, new) == {}


def test_failover_chain_shortened_or_removed() -> None:
    old, new = edited(lambda b: b["failover"]["chains"].update({"openai/large": chain("openai/large")}))
    assert risks(old, new) == {"chain-shortened": "failover chain openai/large shortened 2 → 1 entries"}
    old, new = edited(lambda b: b["failover"]["chains"].pop("openai/large"))
    assert risks(old, new) == {"chain-removed": "failover chain openai/large removed (had 2 entries)"}
    grown = chain("openai/large", "anthropic/large", "groq/large")
    old, new = edited(lambda b: b["failover"]["chains"].update({"openai/large": grown}))
    assert risks(old, new) == {}


def test_endpoint_host_change_but_not_a_path_change() -> None:
    def gateway(b: dict[str, Any]) -> None:
        b["providers"]["openai"]["endpoint"] = "https://llm-gw.internal:8443/openai/v1"

    old, new = edited(gateway)
    assert risks(old, new) == {
        "endpoint-host-changed": "endpoint host changed api.openai.com → llm-gw.internal:8443"
    }
    old, new = edited(lambda b: b["providers"]["openai"].update(endpoint="https://api.openai.com/v2"))
    assert risks(old, new) == {}


def test_provider_disabled_while_still_routed() -> None:
    old, new = edited(lambda b: b["providers"]["anthropic"].update(enabled=False))
    message = "provider `anthropic` disabled but still routed by failover.chains.openai/large"
    assert risks(old, new) == {"disabled-while-routed": message}

    def default_off(b: dict[str, Any]) -> None:
        b["providers"]["openai"]["enabled"] = False

    old, new = edited(default_off)
    assert "selection.default_provider" in risks(old, new)["disabled-while-routed"]


def test_provider_disabled_and_unrouted_is_not_flagged() -> None:
    def unroute(b: dict[str, Any]) -> None:
        b["providers"]["anthropic"]["enabled"] = False
        b["failover"]["chains"]["openai/large"] = chain("openai/large")

    old, new = edited(unroute)
    assert set(risks(old, new)) == {"chain-shortened"}


def test_the_production_fixture_flags_what_a_reviewer_should_see() -> None:
    assert sorted(risks(staging(), production())) == [
        "disabled-while-routed",
        "max-output-raised",
        "precise-temperature-raised",
    ]
