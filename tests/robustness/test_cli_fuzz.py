"""Property tests over the CLI: mutated bytes of the project's real files, and generated `--set`
values and MODELCFG__ variables, through compile, lint, explain, diff and export.

Every run exits 0, 1 or 2, prints no traceback, and when a file is refused the output names a
file with line:col. Commands run in-process (CliRunner with catch_exceptions=False, so a raw
exception fails the test); a few run as real processes with a time bound.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from modelcfg.cli import cli
from tests.emulator import Emulator
from tests.runtime.tables import body, envelope, model, provider

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = ("modelcfg.yaml", "envs/staging.yaml", "envs/production.toml")
#: a diagnostic's first line: `where[:line:col]: error[MCxxx]: message`
DIAGNOSTIC = re.compile(r"^(?P<file>\S+?)(?P<pos>:\d+:\d+)?: (?:error|warning)\[(?P<code>MC\d+)\]", re.M)
#: the loader's codes: the file's own text was refused (syntax, encoding, size, depth, tags, keys)
FILE_REFUSED = frozenset({"MC001", "MC002", "MC003", "MC004", "MC005", "MC006", "MC007", "MC012", "MC013"})
#: modest on the suite's 2 cores; MODELCFG_FUZZ_EXAMPLES=500 for a longer hunt
EXAMPLES_PER_TEST = int(os.environ.get("MODELCFG_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES_PER_TEST, deadline=None, suppress_health_check=list(HealthCheck))

TOKENS = [b"", b":", b"{", b"}", b"[", b"]", b"-", b"\n", b"\n  ", b"=", b'"', b"'", b"#", b"$", b"*a", b"&a"]
TOKENS += [b"!!", b"{{", b"\xff", b"\x00", b"\t", b"0x", b"9" * 30, b"~", b"null"]
edits = st.lists(
    st.tuples(
        st.integers(0, 5000),  # where (wrapped to the file's length)
        st.integers(0, 6),  # how many bytes to drop there
        st.sampled_from(TOKENS) | st.binary(max_size=4),
    ),
    min_size=1,
    max_size=5,
)
Changes = list[tuple[int, int, bytes]]


def mutate(data: bytes, changes: Changes) -> bytes:
    for position, length, insert in changes:
        cut = position % (len(data) + 1)
        data = data[:cut] + insert + data[cut + length :]
    return data


def project(tmp_path: Path, which: int, changes: Changes) -> Path:
    root = tmp_path / "project"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".modelcfg_cache"))
    target = root / FILES[which]
    target.write_bytes(mutate(target.read_bytes(), changes))
    return root


def assert_located(output: str) -> None:
    """A refusal names where: every diagnostic a file, and a refused file's text line:col."""
    found = list(DIAGNOSTIC.finditer(output))
    assert found, f"refused without a diagnostic naming where:\n{output}"
    for d in found:
        if d["code"] in FILE_REFUSED:
            assert d["pos"], f"{d['file']} refused without line:col:\n{output}"


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """One command in-process; a raw exception propagates and fails the test."""
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code}: {args}\n{output}"
    assert "Traceback" not in output, output
    return result.exit_code, output


@FUZZ
@given(which=st.integers(0, len(FILES) - 1), changes=edits)
def test_mutated_project_files_through_every_command(tmp_path: Path, which: int, changes: Changes) -> None:
    root = str(project(tmp_path, which, changes))
    code, output = run(["compile", "-p", root, "--env", "production", "-o", "-", "--no-cache", "--no-color"])
    event(f"compile exit {code}")
    if code != 0:
        assert_located(output)
    run(["lint", root, "--env", "staging", "--no-cache", "--no-color", "--format", "concise"])
    run(["explain", "failover.retry.attempts", "-p", root, "--env", "production"])
    run(["diff", "--env", "staging", "--env", "production", "-p", root, "--no-color"])
    run(["export", "litellm", "-p", root, "--env", "production"])


@FUZZ
@given(
    sets=st.lists(
        st.tuples(
            st.lists(
                st.sampled_from(["providers", "openai", "settings", "temperature", "x", "0", ""]), max_size=4
            ),
            st.text(max_size=12),
        ).map(lambda kv: ".".join(kv[0]) + "=" + kv[1]),
        max_size=3,
    ),
    environ=st.dictionaries(
        st.lists(
            st.sampled_from(["PROVIDERS", "OPENAI", "SETTINGS", "TEMPERATURE", "X", "", "0"]), max_size=4
        ).map(lambda parts: "MODELCFG__" + "__".join(parts)),
        st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12),
        max_size=3,
    ),
)
def test_generated_sets_and_environment_variables(
    tmp_path: Path, sets: list[str], environ: dict[str, str]
) -> None:
    root = str(project(tmp_path, 0, []))
    flags = [arg for s in sets for arg in ("--set", s)]
    code, output = run(["compile", "-p", root, "-o", "-", "--no-cache", "--no-color", *flags], env=environ)
    event(f"compile exit {code}")
    run(["explain", "providers.openai.settings.temperature", "-p", root, *flags], env=environ)
    if code == 0:
        assert json.loads(output[output.index("{") :])["format"] == 1


@FUZZ
@given(changes=edits)
@example(changes=[(0, 10**7, b"")])  # an empty `.json` was diffed as an empty table, exit 0
@example(changes=[(0, 10**7, b"null")])
def test_mutated_tables_through_diff_and_export(tmp_path: Path, changes: Changes) -> None:
    root = str(project(tmp_path, 0, []))
    table = tmp_path / "t.json"
    run(["compile", "-p", root, "--env", "production", "-o", str(table), "--no-cache"])
    mutated = tmp_path / "mutated.json"
    mutated.write_bytes(mutate(table.read_bytes(), changes))
    code, output = run(["diff", str(table), str(mutated), "--no-color"])
    event(f"diff exit {code}")
    if code == 0:  # only a table whose body is untouched (its content_hash is verified) is diffed
        assert json.loads(mutated.read_bytes())["body"] == json.loads(table.read_bytes())["body"]
    else:
        assert code == 2 and str(mutated) in output, output
    run(["export", "litellm", "--table", str(mutated)])
    run(["compile", "-p", root, "--env", "production", "-o", str(mutated), "--check", "--no-cache"])


@pytest.mark.parametrize(
    "args",
    [
        ["compile", "-p", "{root}", "--env", "production", "-o", "-"],
        ["lint", "{root}"],
        ["diff", "--env", "staging", "--env", "production", "-p", "{root}"],
    ],
)
def test_commands_as_processes_end_in_time_without_a_traceback(tmp_path: Path, args: list[str]) -> None:
    root = project(tmp_path, 2, [(40, 3, b"= ["), (200, 0, b"\xff")])
    done = subprocess.run(
        [sys.executable, "-m", "modelcfg", *(a.format(root=root) for a in args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1, 2) and "Traceback" not in done.stderr, done.stderr
    if done.returncode and args[0] != "diff":
        assert_located(done.stdout + done.stderr)


@FUZZ
@given(changes=edits)
@example(changes=[(120, 0, b"\xe9")])  # not UTF-8: was a UnicodeDecodeError traceback
def test_mutated_bench_cases(tmp_path: Path, emulator: Emulator, changes: Changes) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_bytes(mutate((EXAMPLES.parent / "benchmarks" / "cases.yaml").read_bytes(), changes))
    providers = {"local": provider("openai", emulator.base("openai"), {"small": model("s")})}
    table = tmp_path / "t.json"
    table.write_text(json.dumps(envelope(body(providers, retry={"attempts": 1}))), encoding="utf-8")
    code, output = run(["bench", str(cases), "--table", str(table), "--class", "small", "--format", "json"])
    event(f"bench exit {code}")
    if code == 2:
        assert f"{cases}:" in output, output
