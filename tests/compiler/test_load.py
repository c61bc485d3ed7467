"""Loading: every bad input is refused at file:line:col; YAML 1.2 scalars; TOML positions."""

import pytest
from modelcfg.compiler.load import LoadError, parse


def error_of(label: str, data: str | bytes) -> tuple[str, str]:
    with pytest.raises(LoadError) as info:
        parse(label, data.encode() if isinstance(data, str) else data)
    d = info.value.diagnostic
    return d.code, f"{d.span}: {d.message}"


def test_yaml_12_scalars_and_positions() -> None:
    source = parse("a.yaml", b"a: no\nb: 0x1f\nc: 1.5\nd: ~\ne: 2001-12-14\nf: !!str 3\n1: one\n")
    assert source.tree == {"a": "no", "b": 31, "c": 1.5, "d": None, "e": "2001-12-14", "f": "3", "1": "one"}
    assert source.positions[("c",)][:4] == (3, 1, 3, 4)
    assert str(source.span(("c",))) == "a.yaml:3:4"
    assert str(source.span(("c",), key=True)) == "a.yaml:3:1"


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\n", "MC002", "x.yaml:4:3: duplicate key `c`"),
        ("a: !python/object x\n", "MC003", "x.yaml:1:4: YAML tag `!python/object` is not allowed here"),
        ("a: [1, 2\nb: 3\n", "MC001", "x.yaml:2:2: YAML syntax error"),
        ("a: .inf\n", "MC012", "x.yaml:1:4: `.inf` is not a finite number"),
        ("- a\n- b\n", "MC013", "x.yaml:1:1: the file must be a mapping"),
        ("a: 1\n---\nb: 2\n", "MC001", "x.yaml:2:1: more than one YAML document"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "MC005", "x.yaml:1:67: nesting deeper than 64 levels"),
    ],
)
def test_bad_yaml(text: str, code: str, where: str) -> None:
    got_code, got = error_of("x.yaml", text)
    assert got_code == code
    assert got.startswith(where)


def test_deep_nesting_fails_fast_without_crashing() -> None:
    code, _ = error_of("x.yaml", "a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert code == "MC005"
    # `[x:y` sends the file to the pure parser, which the same depth bound guards
    assert error_of("x.yaml", "a: [x:y, " + "[" * 100_000 + "]" * 100_001 + "\n") == (
        "MC005",
        "x.yaml:1:72: nesting deeper than 64 levels",
    )


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    code, where = error_of("x.yaml", "\n".join(lines) + "\n")
    assert code == "MC004"
    assert where.startswith("x.yaml:6:")


def test_encoding_and_size() -> None:
    assert error_of("x.yaml", b"a: 1\nb: \xff\n") == ("MC007", "x.yaml:2:4: file is not UTF-8 (byte 0xff)")
    code, _ = error_of("x.yaml", b"a: " + b"x" * (17 * 1024 * 1024))
    assert code == "MC006"
    assert parse("x.yaml", "\ufeffa: 1\n".encode()).tree == {"a": 1}


def test_anchors_and_merge_keys() -> None:
    source = parse("x.yaml", b"base: &b {t: 1, u: 2}\nother:\n  <<: *b\n  u: 3\ncopy: *b\n")
    assert source.tree["other"] == {"t": 1, "u": 3}
    assert source.tree["copy"] == {"t": 1, "u": 2}
    assert source.positions[("copy", "t")][2:4] == (1, 14)


def test_toml_tree_and_positions() -> None:
    text = 'version = 1\n[providers.openai]\nendpoint = "https://x"\nsettings = { temperature = 0.5 }\n'
    text += '[providers.openai.models]\nsmall = "m"\n[[x.y]]\nz = 1\n[[x.y]]\nz = 2\n'
    source = parse("c.toml", text.encode())
    assert source.tree["providers"]["openai"]["settings"] == {"temperature": 0.5}
    assert str(source.span(("providers", "openai", "endpoint"))) == "c.toml:3:12"
    assert str(source.span(("providers", "openai", "settings", "temperature"))) == "c.toml:4:28"
    assert str(source.span(("providers", "openai", "models", "small"))) == "c.toml:6:9"
    assert str(source.span(("x", "y", 1, "z"))) == "c.toml:10:5"


def test_toml_errors() -> None:
    assert error_of("c.toml", "a = 1\nb = \n")[1].startswith("c.toml:2:5: TOML syntax error")
    assert error_of("c.toml", "a = 1\na = 2\n")[0] == "MC001"
    assert (
        error_of("c.toml", "a = 1\nb = 1979-05-27\n")[1]
        == "c.toml:2:5: `b` is a TOML date/time; write it as a quoted string"
    )


def test_toml_inline_table_positions() -> None:
    text = '[p]\nsettings = { temperature = 0.5, stop = ["a,}", "b"], x.y = { z = "q" } }\n'
    source = parse("c.toml", text.encode())
    assert source.positions[("p", "settings", "temperature")] == (2, 14, 2, 28, 2, 31)
    assert source.positions[("p", "settings", "stop")] == (2, 33, 2, 40, 2, 52)
    assert str(source.span(("p", "settings", "x", "y", "z"))) == "c.toml:2:66"


def test_yaml_libyaml_refuses_is_read_by_the_pure_parser() -> None:
    text = "extends: [preset:openai, profile:precise]\np: {endpoint: http://localhost:8080/v1}\n"
    source = parse("m.yaml", text.encode())
    assert source.tree == {
        "extends": ["preset:openai", "profile:precise"],
        "p": {"endpoint": "http://localhost:8080/v1"},
    }
    assert str(source.span(("p", "endpoint"))) == "m.yaml:2:15"
    assert str(source.span(("extends", 1))) == "m.yaml:1:26"


def test_yaml_refused_by_both_parsers_keeps_libyaml_position() -> None:
    assert error_of("x.yaml", "a: {b: 1\n  c: [x:y}\n") == (
        "MC001",
        "x.yaml:2:4: YAML syntax error: did not find expected ',' or '}'",  # libyaml's words
    )


def test_yaml_anchors_libyaml_cuts_short_and_anchored_keys() -> None:
    assert parse("x.yaml", b"key: &an:chor value\nother: *an:chor\n").tree == {
        "key": "value",
        "other": "value",
    }
    assert parse("x.yaml", b"&k a: 1\nb: *k\n").tree == {"a": 1, "b": "a"}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: 1\nb: " + "9" * 5000 + "\n", "x.yaml:2:4: `999999999999…` is outside the 64-bit integer range"),
        ("b: 0x" + "f" * 17 + "\n", "x.yaml:1:4: `0xfffffffffffffffff` is outside the 64-bit integer range"),
        ("b: !!int " + "9" * 5000 + "\n", "x.yaml:1:4: `999999999999…` is outside the 64-bit integer range"),
        ("b: " + "9" * 400 + ".5\n", "x.yaml:1:4: `999999999999…` is not a finite number"),
    ],
)
def test_yaml_integers_fit_in_64_bits(text: str, where: str) -> None:
    assert error_of("x.yaml", text) == ("MC012", where)
    assert parse("x.yaml", b"a: 9223372036854775807\nb: -9223372036854775808\n").tree["b"] == -(2**63)


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ('x = "[[["\nb = ' + "9" * 5000 + "\n", "MC012", "c.toml:2:5: `999999999999…` is an integer of 5000"),
        ("b = 0x" + "f" * 17 + "\n", "MC012", "c.toml:1:5: `b` is outside TOML's 64-bit integer range"),
        ("a = " + "[" * 2000 + "]" * 2000 + "\n", "MC005", "c.toml:1:69: nesting deeper than 64 levels"),
        ("s = '{{{'\na = " + "{b = " * 500 + "1" + "}" * 500 + "\n", "MC005", "c.toml:2:325: nesting deeper"),
        ("a" + ".a" * 1_000_000 + " = 1\n", "MC005", "c.toml:1:1: nesting deeper than 64 levels"),
        ("x = 1\n[" + ".".join(['"a"'] * 100) + "]\n", "MC005", "c.toml:2:2: nesting deeper than 64 levels"),
        ("[" + ".".join(["a"] * 60) + "]\nb = [[[[[[1]]]]]]\n", "MC005", "c.toml:2:1: nesting deeper"),
    ],
)
def test_toml_huge_integers_and_deep_nesting_are_located(text: str, code: str, where: str) -> None:
    got_code, got = error_of("c.toml", text)
    assert got_code == code
    assert got.startswith(where)


def test_yaml_surrogate_escapes_are_refused_by_both_parsers() -> None:
    """libyaml refuses `"\\ud800"`; the pure parser would pass a string no file can hold."""
    assert error_of("x.yaml", 'a: "\\ud800\\udc00"\n') == (
        "MC001",
        "x.yaml:1:7: YAML syntax error: found invalid Unicode character escape code",
    )
    # the pure parser's refusal is tested without libyaml, in tests/conformance/test_yaml_suite.py


def test_yaml_question_mark_glued_to_a_flow_key() -> None:
    """Both parsers read `{ ?foo: bar }` as the key `foo`; the spec (and the suite's 652Z) say `?foo`."""
    assert parse("x.yaml", b"a: { ?foo: bar, ? baz: 1}\n").tree == {"a": {"?foo": "bar", "baz": 1}}
    assert error_of("x.yaml", "a: [?*x]\n") == ("MC001", "x.yaml:1:6: unknown alias `*x`")  # not a crash
