"""Templates cannot run away: every bound ends in a located diagnostic, never a hang or a traceback.

The runaway templates run as real CLI processes with a generous timeout, so a regression
fails the test instead of hanging the suite.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from modelcfg.compiler import compile_project

from .keys_project import write_project

TIMEOUT_S = 30
RUNAWAYS = {
    "power": "{{ 9**(9**9) }}",
    "repetition": "{{ 'a' * 10**9 }}",
    "width": "{{ 'a'|center(10**9) }}",
    "format width": "{{ '%999999999d' % 1 }}",
    "indent": "{{ ('\\n' * 60000)|indent(60000) }}",
}


def modelcfg(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m modelcfg ARGS` as its own process, killed after TIMEOUT_S."""
    env = {**os.environ, "NO_COLOR": "1", "MODELCFG_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "modelcfg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_S,
    )


def _project_with(tmp_path: Path, template: str) -> Path:
    quoted = template.replace("'", "''")
    return write_project(tmp_path / "p", f"      X-Runaway: '{quoted}'\n")


@pytest.mark.parametrize("name", sorted(RUNAWAYS))
def test_runaway_config_templates_end_in_a_located_diagnostic(tmp_path: Path, name: str) -> None:
    project = _project_with(tmp_path, RUNAWAYS[name])
    for command in (["compile", "-p", ".", "-o", "t.json"], ["lint", "."]):
        done = modelcfg(command, project)
        assert done.returncode == 1, done.stderr
        assert (
            "modelcfg.yaml:10:18: error[MC104]: template exceeds a sandbox limit" in done.stdout + done.stderr
        )
        assert "Traceback" not in done.stderr
    assert not (project / "t.json").exists()


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path) -> None:
    spin = "{% for a in 'x' * 60000 %}{% for b in 'x' * 60000 %}{% endfor %}{% endfor %}"
    project = _project_with(tmp_path, spin)
    found = compile_project(project, environ={})
    assert not found.ok
    [diagnostic] = [d for d in found.diagnostics if d.code == "MC104"]
    assert "ran longer than its 1 s budget" in diagnostic.message
    assert (diagnostic.span.file, diagnostic.span.line, diagnostic.span.column) == ("modelcfg.yaml", 10, 18)


def test_many_slow_templates_share_one_project_budget(tmp_path: Path) -> None:
    spin = "{% for a in 'x' * 60000 %}{% for b in 'x' * 60000 %}{% endfor %}{% endfor %}"
    lines = "".join(f'      X-Spin{i}: "{spin}"\n' for i in range(7))
    found = compile_project(write_project(tmp_path / "p", lines), environ={})
    messages = [d.message for d in found.diagnostics if d.code == "MC104"]
    assert len(messages) == 7
    assert "not rendered: this project's templates used up their 5 s time budget" in messages


def test_a_namespace_cannot_double_its_way_to_a_gigabyte(tmp_path: Path) -> None:
    template = tmp_path / "grow.j2"
    template.write_text(
        "{% set ns = namespace(s='x' * 60000) %}"
        "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n"
    )
    project = write_project(tmp_path / "p")
    done = modelcfg(["export", "template", "-p", str(project), "--template", str(template)], tmp_path)
    assert done.returncode == 2
    assert "error[MC605]: template exceeds a sandbox limit" in done.stderr
    assert done.stdout == ""


USER_TEMPLATE_FAILURES = {
    "division": ("line one\n{{ 1/0 }}\n", ":2", "ZeroDivisionError: division by zero"),
    "include": ('{% include "other.j2" %}\n', "", "cannot include, import or extend other templates"),
    "power": ("{{ 9**(9**9) }}\n", ":1", "template exceeds a sandbox limit"),
    "repetition": ("{{ 'a' * 10**9 }}\n", ":1", "template exceeds a sandbox limit"),
    "recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n", "", "a macro calls itself too deeply"),
}


@pytest.mark.parametrize("name", sorted(USER_TEMPLATE_FAILURES))
def test_export_template_failures_are_errors_not_tracebacks(tmp_path: Path, name: str) -> None:
    source, line, message = USER_TEMPLATE_FAILURES[name]
    template = tmp_path / "user.j2"
    template.write_text(source)
    project = write_project(tmp_path / "p")
    out = tmp_path / "out.txt"
    done = modelcfg(
        ["export", "template", "-p", str(project), "--template", str(template), "-o", str(out)], tmp_path
    )
    assert done.returncode == 2
    assert f"{template}{line}" in done.stderr and "error[MC605]" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(USER_TEMPLATE_FAILURES))
def test_diff_template_failures_are_errors_not_tracebacks(tmp_path: Path, name: str) -> None:
    source, line, message = USER_TEMPLATE_FAILURES[name]
    template = tmp_path / "user.md.j2"
    template.write_text(source)
    old = write_project(tmp_path / "old")
    new = write_project(tmp_path / "new", "    timeout_s: 5\n")
    done = modelcfg(
        ["diff", str(old), str(new), "--format", "markdown", "--template", str(template)], tmp_path
    )
    assert done.returncode == 2
    assert f"error: {template}{line}" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_ordinary_templates_still_render(tmp_path: Path) -> None:
    math = '{{ 2**10 }}-{{ "ab" * 3 }}-{{ "x"|center(5) }}-{{ vars.n|default(128000) }}'
    project = write_project(tmp_path / "p", f"      X-Math: '{math}'\n")
    found = compile_project(project, environ={})
    assert found.ok, found.diagnostics
    assert found.tree["providers"]["openai"]["headers"]["X-Math"] == "1024-ababab-  x  -128000"
