"""One definition of the model classes: `schema.classes`; the runtime's copy must match it."""

from modelcfg.compiler.table_schema import table_schema
from modelcfg.runtime import bench, table_shape
from modelcfg.schema.classes import CHAT_CLASS_NAMES, CHAT_CLASSES, CLASS_NAMES, ModelClass


def test_names_follow_the_enum() -> None:
    assert CLASS_NAMES == ("small", "medium", "large", "embedding", "image")
    assert tuple(ModelClass) == CLASS_NAMES
    assert CHAT_CLASS_NAMES == tuple(CHAT_CLASSES) == CLASS_NAMES[:3]


def test_the_runtime_copy_matches() -> None:
    """The runtime cannot import the schema (no pydantic), so it keeps a copy, checked here."""
    assert table_shape.CLASSES == CLASS_NAMES
    assert bench.CHAT_CLASSES == CHAT_CLASS_NAMES


def test_the_table_schema_lists_the_same_classes() -> None:
    schema = table_schema()
    assert schema["definitions"]["provider"]["properties"]["models"]["propertyNames"]["enum"] == list(
        CLASS_NAMES
    )
