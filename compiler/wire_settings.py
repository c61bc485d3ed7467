"""Which sampling settings a provider's API, or a model, refuses: they are never sent.

One source for the table (`unsupported_settings`, which the runtime drops before a
request) and for lint rule MC210 (which tells the user a configured setting will not
be sent).
"""

from typing import TYPE_CHECKING

from modelcfg.schema import WireApi

if TYPE_CHECKING:
    from modelcfg.profiles.catalog import ModelInfo

#: Settings each wire protocol has no parameter for.
BY_API: dict[WireApi, frozenset[str]] = {
    WireApi.ANTHROPIC: frozenset({"frequency_penalty", "presence_penalty", "repetition_penalty", "seed"}),
    WireApi.ANTHROPIC_VERTEX: frozenset(
        {"frequency_penalty", "presence_penalty", "repetition_penalty", "seed"}
    ),
    WireApi.GEMINI: frozenset({"repetition_penalty"}),
}
#: Settings the first-party API of a catalog namespace rejects although its protocol is OpenAI's.
BY_NAMESPACE: dict[str, frozenset[str]] = {
    "openai": frozenset({"repetition_penalty", "top_k"}),
}
#: Settings some models (reasoning models, Claude 5.5) refuse outright.
SAMPLING = ("temperature", "top_p", "top_k")


def refused_by_api(api: WireApi, namespace: str | None) -> frozenset[str]:
    """Settings the provider's API has no parameter for."""
    return BY_API.get(api, frozenset()) | BY_NAMESPACE.get(namespace or "", frozenset())


def unsent_settings(api: WireApi, namespace: str | None, info: "ModelInfo | None") -> list[str]:
    """Every setting a request to this model leaves out, sorted."""
    refused = set(refused_by_api(api, namespace))
    if info is not None and not info.sampling_params:
        refused.update(SAMPLING)
    return sorted(refused)
