"""Every lint rule, in one explicit dict: code → rule module. Adding a rule is adding a line here."""

from types import ModuleType

from .policy import matches
from .rules import (
    deprecated_model,
    disabled_provider,
    embedding_dimensions,
    empty_routed_class,
    endpoint_host,
    fallback_capability,
    fallback_context,
    fallback_dimensions,
    insecure_endpoint,
    key_variable_unset,
    literal_secret,
    model_kind,
    retired_model,
    stop_sequences,
    temperature_range,
    token_window,
    tpm_below_request,
    undefined_task,
    unknown_catalog,
    unknown_model,
    unknown_rule,
    unreachable_chain,
    unsupported_setting,
    unused_suppression,
    unverifiable_model,
)

RULES: dict[str, ModuleType] = {
    "MC210": unsupported_setting,
    "MC211": temperature_range,
    "MC212": stop_sequences,
    "MC301": unknown_model,
    "MC302": retired_model,
    "MC303": deprecated_model,
    "MC304": token_window,
    "MC305": embedding_dimensions,
    "MC306": model_kind,
    "MC307": unknown_catalog,
    "MC308": unverifiable_model,
    "MC410": fallback_dimensions,
    "MC411": fallback_context,
    "MC412": fallback_capability,
    "MC413": unreachable_chain,
    "MC414": empty_routed_class,
    "MC415": undefined_task,
    "MC416": disabled_provider,
    "MC417": key_variable_unset,
    "MC420": tpm_below_request,
    "MC501": literal_secret,
    "MC502": insecure_endpoint,
    "MC503": endpoint_host,
    "MC901": unused_suppression,
    "MC902": unknown_rule,
}

#: A rule's code and its name, both → its code (what suppression comments and configs may say).
ALIASES: dict[str, str] = {k: code for code, rule in RULES.items() for k in (code, rule.NAME)}


def rule_for(selector: str) -> ModuleType | None:
    """The rule a code or name denotes, or None."""
    code = ALIASES.get(selector) or ALIASES.get(selector.upper())
    return RULES[code] if code else None


def known_selector(selector: str) -> bool:
    """True when a selector (code, code prefix, name or ALL) matches at least one rule."""
    return any(matches(selector, rule) for rule in RULES.values())
