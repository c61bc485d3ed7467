"""Default sections and bare model specs are made once and shared: only while nothing in them can change."""

from modelcfg.schema import Document
from modelcfg.schema.base import default_instance
from modelcfg.schema.provider import ImageOptions, ModelSpec, Settings, bare_spec
from modelcfg.schema.routing import RetryPolicy


def test_a_section_of_scalar_defaults_is_one_shared_instance_equal_to_a_validated_one() -> None:
    make = default_instance(Settings)
    assert make() is make()
    assert make() == Settings.model_validate({})
    assert make().model_fields_set == set()


def test_a_section_holding_a_list_or_mapping_is_made_fresh_each_time() -> None:
    make = default_instance(RetryPolicy)
    first, second = make(), make()
    assert first is not second
    assert first == second == RetryPolicy.model_validate({})


def test_two_providers_share_default_sections_but_keep_their_own_values() -> None:
    doc = Document.model_validate(
        {
            "providers": {
                "a": {"endpoint": "https://a.example/v1", "image": {"n": 2}},
                "b": {"endpoint": "https://b.example/v1"},
                "c": {"endpoint": "https://c.example/v1"},
            }
        }
    )
    a, b, c = (doc.providers[name] for name in "abc")
    assert b.image is c.image and b.image == ImageOptions()
    assert a.image.n == 2 and b.image.n == 1
    assert b.settings.model_fields_set == set()


def test_bare_spec_is_the_validated_spec_of_that_id_and_one_object_per_id() -> None:
    assert bare_spec("gpt-4o") == ModelSpec.model_validate({"id": "gpt-4o"})
    assert bare_spec("gpt-4o") is bare_spec("gpt-4o")
    assert bare_spec("gpt-4o-mini").id == "gpt-4o-mini"
    assert bare_spec("").id == ""
