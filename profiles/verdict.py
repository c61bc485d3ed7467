"""What can be said about one model id a provider serves: known, fine-tuned, local, unknown.

One function for lint, `catalog show` and the measurement of real configs, so they
never disagree. Stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .catalog import ACCOUNT_NAMESPACES, Catalog, ModelInfo
from .finetune import fine_tune_of
from .local import is_private_endpoint, local_family

CheckMode = Literal["strict", "family", "off"]
Kind = Literal["known", "fine_tuned", "local", "unverifiable", "unknown", "unchecked"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """``kind`` of a model id, its catalog facts when known, and why it could not be checked."""

    kind: Kind
    info: ModelInfo | None = None
    note: str = ""


def check_mode(endpoint: str, explicit_namespace: str | None, configured: str | None) -> CheckMode:
    """The provider's `catalog_check`; unset, `family` for a local or private endpoint that names
    no catalog namespace itself, else `strict`."""
    if configured in ("strict", "family", "off"):
        return configured  # type: ignore[return-value]
    if explicit_namespace is None and is_private_endpoint(endpoint):
        return "family"
    return "strict"


def judge(catalog: Catalog, namespace: str | None, model_id: str, mode: CheckMode) -> Verdict:
    """The verdict on ``model_id`` looked up in ``namespace`` under check ``mode``."""
    if mode == "off" or not model_id:
        return Verdict("unchecked")
    info = _lookup(catalog, namespace, model_id, local=mode == "family")
    if info is not None:
        return Verdict("fine_tuned" if info.fine_tuned_from else "known", info)
    if mode == "family":
        family = local_family(model_id)
        if family is not None:
            return Verdict("local", note=family)
        return Verdict("unverifiable", note="its name belongs to no open-weight family modelcfg knows")
    tune = fine_tune_of(model_id)
    if tune is not None and (tune.shape != "account" or namespace in ACCOUNT_NAMESPACES):
        if tune.shape in ("vertex", "gemini"):
            return Verdict("unverifiable", note=f"a {tune.shape} tuned model's id does not name its base")
        return Verdict("unverifiable", note=f"its base `{tune.base}` is not in the catalog")
    if namespace is None or namespace not in catalog.known_namespaces():
        return Verdict("unchecked")
    return Verdict("unknown")


def _lookup(catalog: Catalog, namespace: str | None, model_id: str, local: bool) -> ModelInfo | None:
    if namespace is None:
        return None
    info = catalog.lookup(namespace, model_id)
    if info is None and local and ":" in model_id:  # Ollama tags: `llama3.1:latest`, `qwen3:8b`
        info = catalog.lookup(namespace, model_id.split(":", 1)[0])
    return info
