"""The one bounded Jinja2 sandbox every user template renders in (config values, export, diff).

jinja2's `ImmutableSandboxedEnvironment` keeps templates away from Python internals but not
from the CPU or memory: `{{ 9**(9**9) }}` runs for hours and `{{ 'a' * 10**9 }}` allocates a
gigabyte. Here every operator, call and filter that can grow a value checks the size first,
output is counted as it is produced, and template code runs under a time budget. A breach
raises `TemplateLimit`, a jinja2 `SecurityError` the callers already turn into a diagnostic.
"""

import functools
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, _PassArg

__all__ = [
    "CONFIG_LIMITS",
    "CONFIG_TOTAL_SECONDS",
    "EXPORT_LIMITS",
    "BoundedSandbox",
    "Limits",
    "TemplateLimit",
    "describe_failure",
    "render_bounded",
]

#: A width or count written as six digits or more in a format string (`%999999d`, `{:>999999}`).
_WIDE_FORMAT_RE = re.compile(r"[0-9]{6,}")
_TEMPLATE_FILE = "<template>"
#: Filters whose output can be far larger than their input and arguments: checked before they run.
_GROWING_FILTERS = frozenset({"replace", "format", "indent", "wordwrap"})
#: Filters and methods whose integer arguments are values, not sizes: `|default(128000)`.
_VALUE_ARGUMENTS = frozenset(
    {"default", "d", "int", "float", "round", "sum", "min", "max", "abs", "string", "get", "filesizeformat"}
)


class TemplateLimit(SecurityError):
    """A template went past one of the sandbox's bounds."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a rendered value may grow and how long one template may run."""

    max_chars: int
    max_seconds: float
    max_int_bits: int = 4096


#: A config value: a header, a URL, a model id.
CONFIG_LIMITS = Limits(max_chars=65_536, max_seconds=1.0)
#: All of one project's config values together: many slow templates cannot add up to a stall.
CONFIG_TOTAL_SECONDS = 5.0
#: A whole exported file or diff comment.
EXPORT_LIMITS = Limits(max_chars=16_000_000, max_seconds=5.0)

_state = threading.local()


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox whose operators, calls and filters are bounded by `limits`."""

    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, limits: Limits, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits
        self.filters = {name: self._bounded_filter(name, f) for name, f in self.filters.items()}
        if "namespace" in self.globals:
            self.globals["namespace"] = self._bounded_namespace()

    def add_filters(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        """Install filters of our own, bounded like the built-in ones."""
        self.filters.update({name: self._bounded_filter(name, f) for name, f in filters.items()})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_deadline()
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_product(left, right)
        elif operator == "+" and isinstance(left, Sized) and isinstance(right, Sized):
            self._check_chars(len(left) + len(right), "`+`")
        elif operator == "%" and isinstance(left, str):
            self._check_format(left, right if isinstance(right, tuple) else (right,))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_deadline()
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)  # str.format is wrapped
        name = getattr(__obj, "__name__", "")
        if name not in _VALUE_ARGUMENTS:
            __self._check_arguments(args, kwargs, name or "a call")
        if isinstance(owner, str):
            __self._check_string_method(owner, name, args)
        return __self._checked_result(super().call(__context, __obj, *args, **kwargs), name)

    def _bounded_filter(self, filter_name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        offset = 0 if _PassArg.from_obj(func) is None else 1
        sizes = filter_name not in _VALUE_ARGUMENTS

        @functools.wraps(func)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            _check_deadline()
            name = f"filter `{filter_name}`"
            if sizes:
                self._check_arguments(args[offset + 1 :], kwargs, name)
            value = args[offset] if len(args) > offset else None
            if isinstance(value, str) and filter_name in _GROWING_FILTERS:
                self._check_string_method(value, filter_name, (*args[offset + 1 :], *kwargs.values()))
            if filter_name == "join" and isinstance(value, Sized):
                separator = args[offset + 1] if len(args) > offset + 1 else kwargs.get("d", "")
                self._check_chars(len(value) * len(str(separator)), name)
            return self._checked_result(func(*args, **kwargs), name)

        return bounded

    def _bounded_namespace(self) -> type[Namespace]:
        """`namespace()` whose attributes cannot grow past the limit (`{% set ns.s = ns.s ~ ns.s %}`)."""
        checked = self._checked_result

        class BoundedNamespace(Namespace):
            def __setitem__(self, name: str, value: Any) -> None:
                _check_deadline()
                super().__setitem__(name, checked(value, f"namespace attribute `{name}`"))

        return BoundedNamespace

    def _check_power(self, base: Any, exponent: Any) -> None:
        if not (isinstance(base, int) and isinstance(exponent, int)) or abs(base) < 2:
            return
        if exponent > 0 and base.bit_length() * exponent > self.limits.max_int_bits:
            raise TemplateLimit(f"`**` result would exceed {self.limits.max_int_bits} bits")

    def _check_product(self, left: Any, right: Any) -> None:
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > self.limits.max_int_bits:
                raise TemplateLimit(f"`*` result would exceed {self.limits.max_int_bits} bits")
            return
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, Sized) and isinstance(count, int):
                self._check_chars(len(seq) * count, "`*`")

    def _check_arguments(self, args: tuple[Any, ...], kwargs: Mapping[str, Any], name: str) -> None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and abs(value) > self.limits.max_chars:
                raise TemplateLimit(f"{name} argument {value} is over the limit of {self.limits.max_chars}")

    def _check_string_method(self, text: str, name: str, args: tuple[Any, ...]) -> None:
        if name == "replace" and len(args) >= 2:
            growth = text.count(str(args[0])) if args[0] != "" else len(text) + 1
            self._check_chars(len(text) + growth * len(str(args[1])), "`replace`")
        elif name in ("format", "format_map"):
            self._check_format(text, args)
        elif name == "join" and args and isinstance(args[0], Sized):
            self._check_chars(len(text) * len(args[0]), "`join`")
        elif name in ("indent", "expandtabs"):  # every line (tab) grows by the width
            widths = [len(a) if isinstance(a, str) else a for a in args if isinstance(a, str | int)]
            width = max([4, *widths])
            self._check_chars(len(text) + (text.count("\n") + text.count("\t") + 1) * width, f"`{name}`")
        elif name == "wordwrap":  # at worst a wrap string after every character
            wraps = [len(a) for a in args if isinstance(a, str)]
            self._check_chars(len(text) * max([1, *wraps]), "`wordwrap`")

    def _check_format(self, text: str, args: tuple[Any, ...]) -> None:
        if _WIDE_FORMAT_RE.search(text):
            raise TemplateLimit(f"format widths are limited to {self.limits.max_chars} characters")
        self._check_arguments(args, {}, "format")

    def _check_chars(self, size: int, what: str) -> None:
        if size > self.limits.max_chars:
            raise TemplateLimit(f"{what} would build a value over {self.limits.max_chars} characters")

    def _checked_result(self, value: Any, name: str) -> Any:
        if isinstance(value, str | list | tuple | dict) and len(value) > self.limits.max_chars:
            raise TemplateLimit(f"{name} built a value over {self.limits.max_chars} characters")
        return value


def render_bounded(template: Any, context: Mapping[str, Any], limits: Limits) -> str:
    """Render ``template`` (a jinja2 Template of a BoundedSandbox) within ``limits``."""
    chunks: list[str] = []
    size = 0
    with _time_budget(limits.max_seconds):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > limits.max_chars:
                raise TemplateLimit(f"template output is over {limits.max_chars} characters")
            chunks.append(chunk)
    return "".join(chunks)


def describe_failure(exc: Exception) -> str:
    """What went wrong inside a user template, in words (jinja2 reports a missing loader as a TypeError)."""
    if isinstance(exc, TypeError) and "no loader" in str(exc):
        return "templates cannot include, import or extend other templates"
    if isinstance(exc, RecursionError):
        return "a macro calls itself too deeply"
    return f"{type(exc).__name__}: {exc}"


def _check_deadline() -> None:
    deadline = getattr(_state, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        _state.deadline = None  # report once; the exception unwinds the template
        raise TemplateLimit(f"template ran longer than its {_state.seconds:g} s budget")


def _trace_line(frame: FrameType, event: str, arg: Any) -> Any:
    _check_deadline()
    return _trace_line


def _trace_call(frame: FrameType, event: str, arg: Any) -> Any:
    """Trace only template code, line by line: a loop with no calls still meets the deadline."""
    if event == "call" and frame.f_code.co_filename == _TEMPLATE_FILE:
        return _trace_line
    return None


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    outer = getattr(_state, "deadline", None), getattr(_state, "seconds", None)
    previous = sys.gettrace()
    _state.deadline, _state.seconds = time.monotonic() + seconds, seconds
    sys.settrace(_trace_call)
    try:
        yield
    finally:
        sys.settrace(previous)
        _state.deadline, _state.seconds = outer
