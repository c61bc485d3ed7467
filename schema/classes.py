"""Enumerations shared by the schema: model classes, wire protocols, capabilities."""

from enum import StrEnum


class ModelClass(StrEnum):
    """What a model is used for; each provider serves a model per class."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    EMBEDDING = "embedding"
    IMAGE = "image"


CHAT_CLASSES = (ModelClass.SMALL, ModelClass.MEDIUM, ModelClass.LARGE)
#: Every class name, in the order tables, exports and reports list them.
CLASS_NAMES: tuple[str, ...] = tuple(c.value for c in ModelClass)
#: The chat classes' names, smallest first.
CHAT_CLASS_NAMES: tuple[str, ...] = tuple(c.value for c in CHAT_CLASSES)


class WireApi(StrEnum):
    """The HTTP protocol a provider speaks."""

    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    ANTHROPIC_VERTEX = "anthropic-vertex"
    GEMINI = "gemini"


class Capability(StrEnum):
    """A feature a request may need from a model (from the catalog, or declared)."""

    VISION = "vision"
    FUNCTION_CALLING = "function_calling"
    RESPONSE_SCHEMA = "response_schema"
    SYSTEM_MESSAGES = "system_messages"
    REASONING = "reasoning"
    PROMPT_CACHING = "prompt_caching"
    PDF_INPUT = "pdf_input"
    AUDIO_INPUT = "audio_input"
    WEB_SEARCH = "web_search"


class Scope(StrEnum):
    """Where shared runtime state lives: in this process, or in Redis for a fleet."""

    PROCESS = "process"
    REDIS = "redis"


class Severity(StrEnum):
    """Severity of a lint rule or diagnostic."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
