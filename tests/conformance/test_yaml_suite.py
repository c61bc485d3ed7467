"""The YAML loader on the YAML project's own conformance suite (vendored in yaml-test-suite/).

Counted: cases marked invalid, and valid cases with one expected document. Refusals the
config format makes on purpose (a root that is not a mapping, custom tags, alias keys) are
not failures. The figures are the ones docs/compiler.md states; a change either way fails here.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conformance.suites import YAML_SUITE, yaml_outcome

#: Valid inputs refused: only where libyaml and ruamel's pure-Python parser both refuse them.
REFUSED_BY_BOTH_PARSERS = {
    "4MUZ/00", "4MUZ/01", "4MUZ/02", "5MUD", "6BCT", "6CA3", "9SA2", "A2M4", "BEC7",
    "DK95/00", "DK95/03", "DK95/04", "K3WX", "NJ66", "Q5MG", "R4YG", "VJP3/01", "Y79Y/010",
}  # fmt: skip
#: Invalid inputs accepted (libyaml accepts them; no more than before the pure-parser fallback).
INVALID_ACCEPTED = {"9C9N", "DK95/01", "MUS6/00", "QB6E", "S98Z", "SU5Z", "X4QW"}
ROOT = Path(__file__).parents[2]

OUTCOME = yaml_outcome()


def test_the_vendored_cases_are_all_there() -> None:
    assert sum(OUTCOME.summary().values()) == 350


def test_every_accepted_valid_case_has_the_expected_value() -> None:
    assert OUTCOME.wrong == []
    assert len(OUTCOME.right) == 103
    assert {"652Z", "L24T/01", "Y2GN", "HMQ5", "2SXE"} <= set(OUTCOME.right)  # once misread


def test_valid_cases_are_refused_only_where_both_parsers_refuse_them() -> None:
    assert set(OUTCOME.refused) == REFUSED_BY_BOTH_PARSERS
    assert len(OUTCOME.policy) == 135


def test_invalid_cases_accepted_are_the_known_few() -> None:
    assert set(OUTCOME.invalid_accepted) == INVALID_ACCEPTED
    assert len(OUTCOME.invalid_refused) == 87


@pytest.mark.parametrize("case", sorted(REFUSED_BY_BOTH_PARSERS - {"BEC7"}))
def test_a_refused_case_is_located_where_libyaml_stops(case: str) -> None:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    from ruamel.yaml.error import MarkedYAMLError

    parser = CParser((YAML_SUITE / case / "in.yaml").read_text(encoding="utf-8"))
    with pytest.raises(MarkedYAMLError) as info:
        while parser.check_event():
            parser.get_event()
    mark = info.value.problem_mark
    assert OUTCOME.refused[case].startswith(f"{mark.line + 1}:{mark.column + 1} YAML syntax error")


BLOCK_LIBYAML = '''
import sys

class _NoLibyaml:
    """Makes ruamel.yaml.clib's extension unimportable, as on PyPy or after a failed wheel build."""

    def find_spec(self, name, path=None, target=None):
        if name in ("_ruamel_yaml", "_ruamel_yaml_clibz"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NoLibyaml())
'''

WITHOUT_LIBYAML = """
import json
from modelcfg.compiler.load import LoadError, parse
from modelcfg.compiler.yaml_events import has_libyaml
from tests.conformance.suites import yaml_outcome

try:
    import _ruamel_yaml
    blocked = False
except ImportError:
    blocked = True
flow = parse("m.yaml", b"extends: [preset:openai]\\np: {endpoint: http://localhost:8080/v1}\\n").tree
try:
    parse("deep.yaml", ("a: " + "[" * 100_000 + "]" * 100_000 + "\\n").encode())
    deep = "accepted"
except LoadError as exc:
    deep = f"{exc.diagnostic.code} {exc.diagnostic.span}"
try:
    parse("s.yaml", b'a: "\\\\ud800"\\n')
    surrogate = "accepted"
except LoadError as exc:
    surrogate = f"{exc.diagnostic.code} {exc.diagnostic.span}: {exc.diagnostic.message}"
print(json.dumps({"blocked": blocked, "libyaml": has_libyaml(), "flow": flow, "deep": deep,
                  "surrogate": surrogate, "suite": yaml_outcome().summary()}))
"""


def test_without_libyaml_the_pure_parser_reads_everything(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCK_LIBYAML, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_LIBYAML], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["blocked"] is True and got["libyaml"] is False
    assert got["flow"] == {"extends": ["preset:openai"], "p": {"endpoint": "http://localhost:8080/v1"}}
    assert got["deep"] == "MC005 deep.yaml:1:67"
    assert got["surrogate"].startswith("MC001 s.yaml:1:4: YAML syntax error: found an escape of a UTF-16")
    # The pure parser alone refuses more valid input (tabs as separation), accepts less invalid.
    assert got["suite"] == {
        "right": 96, "policy": 131, "refused": 29, "wrong": 0, "invalid_refused": 90, "invalid_accepted": 4
    }  # fmt: skip
