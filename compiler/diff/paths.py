"""How a body path is shown and grouped: by provider and model class, then by section.

The shown path drops the `models` step under a provider
(`providers.openai.large.settings.temperature`): class names never collide with
provider fields, so nothing is lost. ``--only``/``--ignore`` globs match it.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

from modelcfg.schema.classes import CLASS_NAMES

from .compare import Path

SECTION_ORDER = ("providers", "profiles", "selection", "failover", "cache")


@dataclass(frozen=True, slots=True, order=True)
class Group:
    """Where a change is listed: a provider (and class), or a top-level section."""

    rank: tuple[int, str, int, str]
    section: str
    provider: str | None = None
    model_class: str | None = None

    @property
    def label(self) -> str:
        if self.provider is None:
            return self.section
        return self.provider if self.model_class is None else f"{self.provider} · {self.model_class}"


def shown_path(path: Path) -> str:
    """The dotted path a user sees and filters on."""
    if len(path) > 3 and path[0] == "providers" and path[2] == "models":
        path = (*path[:2], *path[3:])
    return ".".join(path)


def group_of(path: Path) -> Group:
    """Providers by name (provider-wide first, then classes in class order); chains go with their pair."""
    if path[0] == "providers" and len(path) > 1:
        cls = path[3] if len(path) > 3 and path[2] == "models" else None
        return _provider_group(path[1], cls)
    if path[:2] == ("failover", "chains") and len(path) > 2:
        provider, _, cls = path[2].partition("/")
        return _provider_group(provider, cls or None)
    rank = SECTION_ORDER.index(path[0]) if path[0] in SECTION_ORDER else len(SECTION_ORDER)
    return Group((1, "", rank, path[0]), path[0])


def _provider_group(provider: str, cls: str | None) -> Group:
    cls_rank = -1 if cls is None else CLASS_NAMES.index(cls) if cls in CLASS_NAMES else len(CLASS_NAMES)
    return Group((0, provider, cls_rank, cls or ""), "providers", provider, cls)


def selected(path: Path, only: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Whether ``--only``/``--ignore`` globs keep the change at ``path``.

    A glob matches a path or any of its ancestors, so `providers.openai` keeps
    everything under that provider.
    """
    if not only and not ignore:
        return True
    parts = shown_path(path).split(".")
    prefixes = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    if only and not any(fnmatchcase(p, glob) for glob in only for p in prefixes):
        return False
    return not any(fnmatchcase(p, glob) for glob in ignore for p in prefixes)
