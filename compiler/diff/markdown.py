"""Render a TableDiff as Markdown for a pull-request comment, through a sandboxed Jinja2 template."""

from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError

from ..sandbox import EXPORT_LIMITS, BoundedSandbox, TemplateLimit, describe_failure, render_bounded
from .render import as_json, scrub, show

DEFAULT_TEMPLATE = "diff.md.j2"


class TemplateProblem(Exception):
    """A --template file that cannot be read or rendered; the message names file and line."""


def render_markdown(
    diff_json: dict[str, Any], *, template: Path | None = None, stat_only: bool = False
) -> str:
    """Render ``diff_json`` (the `as_json` shape) with the built-in template or ``template``."""
    source, name = _template_source(template)
    env = BoundedSandbox(
        EXPORT_LIMITS,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.add_filters({"code": inline_code, "show": show, "cell": table_cell})
    context = {"diff": diff_json, "groups": grouped(diff_json), "stat_only": stat_only}
    try:
        text = render_bounded(env.from_string(source), context, EXPORT_LIMITS)
    except TemplateLimit as exc:
        raise TemplateProblem(f"{_where(name, exc)}: template exceeds a sandbox limit: {exc}") from exc
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"{name}:{line}" if line else name
        raise TemplateProblem(f"{where}: template error: {exc.message or exc}") from exc
    except Exception as exc:  # an error inside the template's own expressions: `{{ 1/0 }}`
        raise TemplateProblem(f"{_where(name, exc)}: template failed: {describe_failure(exc)}") from exc
    return scrub(text)


def _where(name: str, exc: Exception) -> str:
    """`file:line` of the template line that failed, when the traceback knows it."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{name}:{line}" if line else name


def markdown_of(diff: Any, *, template: Path | None = None, stat_only: bool = False) -> str:
    """`render_markdown` over a TableDiff."""
    return render_markdown(as_json(diff), template=template, stat_only=stat_only)


def grouped(diff_json: dict[str, Any]) -> list[dict[str, Any]]:
    """The flat `changes` list regrouped for templates: [{"label", "provider", "class", "changes"}]."""
    groups: dict[str, dict[str, Any]] = {}
    for change in diff_json["changes"]:
        group = groups.setdefault(
            change["group"],
            {
                "label": change["group"],
                "provider": change["provider"],
                "class": change["class"],
                "changes": [],
            },
        )
        group["changes"].append(change)
    return list(groups.values())


def inline_code(value: Any) -> str:
    """Markdown inline code that survives backticks in the text."""
    text = value if isinstance(value, str) else show(value)
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table_cell(text: str) -> str:
    """Text safe inside a Markdown table cell (pipes and newlines escaped)."""
    return text.replace("|", "\\|").replace("\n", "<br>")


def _template_source(template: Path | None) -> tuple[str, str]:
    if template is None:
        path = resources.files("modelcfg.compiler") / "templates" / DEFAULT_TEMPLATE
        return path.read_text(encoding="utf-8"), DEFAULT_TEMPLATE
    try:
        return template.read_text(encoding="utf-8"), str(template)
    except OSError as exc:
        raise TemplateProblem(f"{template}: cannot read the template ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise TemplateProblem(f"{template}: the template is not UTF-8 text") from exc
