"""Fine-tuned model ids and the base model each names, as far as the id tells.

Shapes users meet:

- OpenAI: `ft:gpt-4o-mini-2024-07-18:my-org:support-bot:9abcXYZ1` (base before the first `:`),
  legacy `davinci:ft-my-org-2023-01-01-00-00-00`;
- Together: `account/Meta-Llama-3.1-8B-Instruct-Reference-my-bot-1a2b3c4d` (base is a prefix of
  the name);
- Fireworks: `accounts/<account>/models/<name>` (a Fireworks base when the name starts with one);
- Vertex AI and Gemini tuned models: `projects/…/endpoints/…`, `tunedModels/…` (no base in the id).

A fine-tune inherits its base's windows, modes and life (`Catalog.lookup`); when the base
cannot be read, lint says so at INFO. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_OPENAI = re.compile(r"^ft:(?P<base>[^:]+):")
_OPENAI_LEGACY = re.compile(r"^(?P<base>ada|babbage|curie|davinci)(?:-002)?:ft-")
_VERTEX = re.compile(r"^projects/[^/]+/locations/[^/]+/(?:endpoints|models)/[^/]+$")
_GEMINI = re.compile(r"^tunedModels/[^/]+$")
_FIREWORKS = re.compile(r"^accounts/(?P<account>[^/]+)/models/(?P<name>[^/]+)$")
_ACCOUNT = re.compile(r"^(?P<account>[^/\s]+)/(?P<name>[^/\s]+)$")
_SEPARATOR = re.compile(r"[-_.:]")


@dataclass(frozen=True, slots=True)
class FineTune:
    """A fine-tuned id: its shape, and the base written in it (a prefix to match for account ids)."""

    shape: str  # openai | vertex | gemini | fireworks | account
    base: str | None  # an exact base id (openai), a name prefix (fireworks, account), or None
    exact: bool = True


def fine_tune_of(model_id: str) -> FineTune | None:
    """The fine-tune shape of ``model_id``, or None when the id is not a fine-tune's."""
    if match := _OPENAI.match(model_id):
        return FineTune("openai", match["base"])
    if match := _OPENAI_LEGACY.match(model_id):
        return FineTune("openai", match["base"] + "-002")
    if _VERTEX.match(model_id):
        return FineTune("vertex", None)
    if _GEMINI.match(model_id):
        return FineTune("gemini", None)
    if match := _FIREWORKS.match(model_id):
        if match["account"] == "fireworks":
            return None  # Fireworks' own serverless models
        return FineTune("fireworks", match["name"], exact=False)
    if match := _ACCOUNT.match(model_id):
        return FineTune("account", match["name"], exact=False)
    return None


def base_candidates(tune: FineTune, known_ids: Iterable[str]) -> Iterator[str]:
    """Ids to try as the base of ``tune``: the exact base, else known ids whose name (past any
    `vendor/` or `accounts/x/models/`) is the longest word-bounded prefix of the tune's name."""
    if tune.base is None:
        return
    if tune.exact:
        yield tune.base
        return
    name = tune.base.lower().replace("-reference", "")
    matches = []
    for known in known_ids:
        stem = known.rsplit("/", 1)[-1].lower()
        if stem and name.startswith(stem) and (len(name) == len(stem) or _SEPARATOR.match(name[len(stem)])):
            matches.append((len(stem), known))
    for _, known in sorted(matches, reverse=True):
        yield known
