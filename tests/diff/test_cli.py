"""`modelcfg diff` on tables: exit codes, bad inputs, templates, filters and secret masking."""

import copy
import json
from pathlib import Path

import pytest

from tests.diff.golden import run_cli
from tests.diff.tables import production, staging, write_table


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_table(tmp_path / "a.json", staging())
    write_table(tmp_path / "b.json", production())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_codes_follow_git_diff(pair: Path) -> None:
    assert run_cli(["diff", "a.json", "b.json"])[0] == 0
    assert run_cli(["diff", "a.json", "b.json", "--exit-code"])[0] == 1
    assert run_cli(["diff", "a.json", "a.json", "--exit-code"])[0] == 0
    assert run_cli(["diff", "a.json", "b.json", "--exit-code", "--only", "cache"])[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff"], "nothing to compare: give two environments"),
        (["diff", "a.json"], "`a.json`: give a second file or table to compare it with"),
        (["diff", "a.json", "missing.json"], "`missing.json`: no such file, table or git revision"),
        (["diff", "a.json", "bad.json"], "bad.json:3:1: not valid JSON (Expecting"),
        (["diff", "a.json", "v2.json"], "v2.json: a table of format 2 without a usable `body`"),
        (["diff", "--env", "a", "--env", "b", "--env", "c"], "give at most two --env values"),
        (["diff", "nosuchrev"], "`nosuchrev` is not a file, a table, a git revision or an environment range"),
        (["diff", "empty.json", "b.json"], "empty.json: not a modelcfg table (it is empty); a `.json` input"),
        (["diff", "a.json", "null.json"], "null.json: not a modelcfg table; a `.json` input must be a table"),
        (["diff", "a.json", "config.json"], "config.json: not a modelcfg table (it has no `format`)"),
        (["diff", "a.json", "edited.json"], "edited.json: content_hash does not match the body"),
        (["diff", "nohash.json", "b.json"], "nohash.json: the table has no content_hash; recompile it"),
        (["diff", "a.json", "deep.json"], "deep.json: nested too deeply to be a modelcfg table"),
    ],
)
def test_bad_inputs_exit_2_with_a_clear_message(pair: Path, args: list[str], message: str) -> None:
    (pair / "bad.json").write_text('{"format": 1,\n "body": {\n')
    (pair / "v2.json").write_text(json.dumps({"format": 2, "body": {}}))
    (pair / "empty.json").write_text("")
    (pair / "null.json").write_text("null\n")
    (pair / "config.json").write_text('{"providers": {}}')
    edited = json.loads((pair / "b.json").read_text())
    edited["body"]["failover"]["retry"]["attempts"] = 9  # by hand: the hash is left as it was
    (pair / "edited.json").write_text(json.dumps(edited, indent=2))
    (pair / "nohash.json").write_text(json.dumps({**edited, "content_hash": None}))
    (pair / "deep.json").write_text('{"format": 1, "body": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, stdout, stderr = run_cli(args)
    assert code == 2
    assert stdout == ""
    assert stderr.startswith("error: ")
    assert message in stderr
    assert "Traceback" not in stderr


def test_custom_markdown_template(pair: Path) -> None:
    (pair / "short.md.j2").write_text(
        "{{ diff.summary.changes }} changes{% for g in groups %}; {{ g.label }}{% endfor %}\n"
        "{% for r in diff.risks %}{{ r.code | code }}\n{% endfor %}"
    )
    code, stdout, _ = run_cli(["diff", "a.json", "b.json", "-f", "markdown", "--template", "short.md.j2"])
    assert code == 0
    assert stdout.startswith(
        "11 changes; anthropic; groq; groq · large; openai · small; openai · large; openai · embedding;"
    )
    assert "`max-output-raised`\n" in stdout


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "short.md.j2: template error:"),
        ("{{ diff.summary.changes.__class__ }}", "short.md.j2: template error:"),
        ("line one\n{% for x in %}", "short.md.j2:2: template error:"),
        ("{{ nothing_here }}", "'nothing_here' is undefined"),
        (None, "short.md.j2: cannot read the template (No such file or directory)"),
    ],
)
def test_templates_are_sandboxed_and_errors_name_the_file(
    pair: Path, template: str | None, message: str
) -> None:
    if template is not None:
        (pair / "short.md.j2").write_text(template)
    code, stdout, stderr = run_cli(
        ["diff", "a.json", "b.json", "-f", "markdown", "--template", "short.md.j2"]
    )
    assert (code, stdout) == (2, "")
    assert message in stderr


def test_a_table_with_reordered_keys_still_verifies(pair: Path) -> None:
    table = json.loads((pair / "b.json").read_text())
    table["body"] = dict(reversed(table["body"].items()))  # same content, another key order
    (pair / "reordered.json").write_text(json.dumps(table))
    assert run_cli(["diff", "b.json", "reordered.json", "--exit-code"])[0] == 0


def test_secrets_in_a_table_never_reach_the_output(pair: Path) -> None:
    key = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0" * 2
    leaky = copy.deepcopy(production())
    leaky["providers"]["openai"]["headers"] = {"Authorization": f"Bearer {key}"}
    write_table(pair / "leaky.json", leaky)
    for fmt in ("text", "json", "markdown"):
        code, stdout, _ = run_cli(["diff", "a.json", "leaky.json", "-f", fmt])
        assert code == 0
        assert key not in stdout
        assert "sk-proj-…" in stdout


def test_json_shape_is_stable(pair: Path) -> None:
    _, stdout, _ = run_cli(["diff", "a.json", "b.json", "-f", "json"])
    document = json.loads(stdout)
    assert set(document) == {"format", "old", "new", "summary", "changes", "risks", "stat"}
    assert document["old"] == {"label": "a.json", "content_hash": document["old"]["content_hash"]}
    assert document["old"]["content_hash"].startswith("sha256:")
    keys = {"op", "kind", "path", "key", "group", "provider", "class", "old", "new", "added", "removed"}
    for change in document["changes"]:
        assert set(change) == keys | {"entries", "origin"}
    stop = next(c for c in document["changes"] if c["path"].endswith(".stop"))
    assert (stop["kind"], stop["added"], stop["removed"]) == ("set", ["###"], ["END"])
    chain = next(c for c in document["changes"] if c["path"] == "failover.chains.openai/large")
    assert [e["op"] for e in chain["entries"]] == [" ", "+", " "]


def test_long_markdown_diffs_fold_each_group(pair: Path) -> None:
    many = copy.deepcopy(staging())
    many["providers"]["openai"]["headers"] = {f"X-Tag-{i:02d}": "on" for i in range(35)}
    write_table(pair / "many.json", many)
    _, stdout, _ = run_cli(["diff", "a.json", "many.json", "-f", "markdown"])
    assert "<details><summary><b>openai</b> (35 changes)</summary>\n" in stdout
    assert stdout.count("</details>") == 1
    _, short, _ = run_cli(["diff", "a.json", "b.json", "-f", "markdown"])
    assert "<details>" not in short


def test_a_template_without_markdown_is_a_usage_error(tmp_path: Path) -> None:
    template = tmp_path / "t.j2"
    template.write_text("{{ entries | length }}\n", encoding="utf-8")
    old, new = write_table(tmp_path / "a.json", staging()), write_table(tmp_path / "b.json", production())
    code, out, err = run_cli(["diff", str(old), str(new), "--template", str(template)])
    assert (code, out) == (2, "")
    assert err == "error: --template renders --format markdown; add `--format markdown`\n"
