"""`modelcfg diff`: compare the effective compiled settings of two sides.

Stages, one module each: `inputs` (environments, files, tables, git revisions →
`Side`, with `git` reading revisions), `compare` (a plain recursive walk →
`Change`s), `origin` (which layer set a value), `collapse` (one line for an edit
repeated in every class), `risk` (changes that need a reviewer's eye), `tablediff`
(the whole result), `render` (text, stat, JSON) and `markdown` (a sandboxed Jinja2
template; import it from `modelcfg.compiler.diff.markdown`, so jinja2 loads only
when Markdown is asked for).
"""

from .compare import Change, compare, same_number
from .origin import SetBy
from .render import as_json, render_json, render_stat, render_text
from .risk import Risk, catalog_lookup
from .tablediff import Entry, Side, TableDiff, diff_sides

__all__ = [
    "Change",
    "Entry",
    "Risk",
    "SetBy",
    "Side",
    "TableDiff",
    "as_json",
    "catalog_lookup",
    "compare",
    "diff_sides",
    "render_json",
    "render_stat",
    "render_text",
    "same_number",
]
