"""The client's settings (`initializationOptions` or the `modelcfg` workspace configuration section)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DOCS_URL", "Settings"]

#: Where the rule and diagnostic pages live; `docsUrl` points elsewhere (a fork, a mirror).
DOCS_URL = "https://github.com/OWNER/modelcfg/blob/main/docs/"


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(",") if s.strip())
    if isinstance(value, list):
        return tuple(str(s) for s in value if str(s).strip())
    return ()


@dataclass(frozen=True, slots=True)
class Settings:
    """`environment`: the one hover and go-to-definition show (None: every declared one);
    `select`/`ignore`: lint selection as `modelcfg lint --select/--ignore`; `debounceMs`: quiet time
    after a keystroke before the project is re-linted."""

    environment: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    debounce_ms: int = 10
    docs_url: str = DOCS_URL

    @classmethod
    def from_client(cls, options: Any) -> "Settings":
        """Settings from a client's JSON object; a `modelcfg` key nests them; unknown keys are ignored."""
        if not isinstance(options, Mapping):
            return cls()
        if isinstance(options.get("modelcfg"), Mapping):
            options = options["modelcfg"]
        environment = options.get("environment")
        debounce = options.get("debounceMs")
        docs_url = options.get("docsUrl")
        return cls(
            environment=environment if isinstance(environment, str) and environment else None,
            select=_strings(options.get("select")),
            ignore=_strings(options.get("ignore")),
            debounce_ms=max(0, min(int(debounce), 2000)) if isinstance(debounce, int | float) else 10,
            docs_url=docs_url if isinstance(docs_url, str) and docs_url else DOCS_URL,
        )
