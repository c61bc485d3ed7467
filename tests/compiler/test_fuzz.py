"""No input makes the compiler or the CLI raise: random and mutated documents only give diagnostics."""

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from modelcfg.compiler import compile_project
from modelcfg.compiler.table_check import table_violations

from modelcfg.cli import cli

SEED = b"""extends: ['preset:openai']
vars: {port: 8080}
environments: {production: [p.yaml]}
providers:
  openai:
    settings: {temperature: 0.6, stop: [a]}
  local:
    endpoint: "http://localhost:{{ vars.port }}/v1"
    models: {small: {id: m, max_input_tokens: 8000}}
selection: {default_provider: openai, rules: [{when: {speed: fast}, class: small}]}
failover: {chains: {openai/large: [local/small]}}
"""
OVERLAY = b"providers: {openai: {settings: {stop: {$append: [b]}, $delete: [top_p]}}}\n"


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for position, length, insert in edits:
        cut = position % (len(data) + 1)
        data = data[:cut] + insert + data[cut + length :]
    return data


edits = st.lists(
    st.tuples(
        st.integers(0, 2000),
        st.integers(0, 4),
        st.sampled_from(
            [
                b"",
                b":",
                b"{",
                b"]",
                b"-",
                b"\n ",
                b"$",
                b"*x",
                b"&x",
                b"!!",
                b"{{",
                b"\xff",
                b"'",
                b"0x",
                b"~",
            ]
        )
        | st.binary(max_size=3),
    ),
    max_size=6,
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(edits, st.booleans())
def test_mutated_documents_never_raise(
    tmp_path: Path, changes: list[tuple[int, int, bytes]], toml: bool
) -> None:
    data = mutate(SEED, changes)
    name = "modelcfg.yaml"
    if toml:
        name = "modelcfg.toml"
        data = mutate(b'[providers.a]\nendpoint = "http://x"\nmodels = {small = "m"}\n', changes)
    (tmp_path / name).write_bytes(data)
    (tmp_path / "p.yaml").write_bytes(mutate(OVERLAY, changes[:2]))
    for other in ("modelcfg.yaml", "modelcfg.toml"):
        if other != name:
            (tmp_path / other).unlink(missing_ok=True)
    result = compile_project(tmp_path, env="production", environ={"MODELCFG__PROVIDERS__X": "{"})
    assert result.ok == (result.table is not None)
    assert all(d.span.file for d in result.diagnostics)
    if result.table is not None:  # every table the compiler writes passes the published schema
        assert table_violations(result.table) == []


@FUZZ
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=4),
        max_leaves=20,
    )
)
def test_random_trees_through_the_cli(tmp_path: Path, tree: object) -> None:
    import json

    (tmp_path / "modelcfg.yaml").write_text(json.dumps({"providers": tree, "selection": tree}))
    result = CliRunner().invoke(cli, ["compile", "-p", str(tmp_path), "-o", "-", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@FUZZ
@given(
    st.lists(st.text(max_size=30), max_size=3),
    st.dictionaries(
        st.text("ABCXYZ_", max_size=12).map(lambda s: "MODELCFG__" + s), st.text(max_size=20), max_size=3
    ),
)
def test_random_sets_and_env_vars_never_raise(
    tmp_path: Path, sets: list[str], environ: dict[str, str]
) -> None:
    (tmp_path / "modelcfg.yaml").write_bytes(SEED.replace(b"extends: ['preset:openai']\n", b""))
    result = compile_project(tmp_path, sets=sets, environ=environ)
    assert result.ok == (result.table is not None)
