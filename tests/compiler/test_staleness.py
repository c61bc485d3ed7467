"""`compile --check` says why a table on disk is stale: edited by hand, reformatted, or not a file."""

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from modelcfg.cli import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def check(tmp_path: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["compile", "-p", str(tmp_path / "project"), "-o", str(out), "--check"])
    return result.exit_code, result.output


def compiled(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "project")
    out = tmp_path / "t.json"
    assert (
        CliRunner().invoke(cli, ["compile", "-p", str(tmp_path / "project"), "-o", str(out)]).exit_code == 0
    )
    assert check(tmp_path, out)[0] == 0
    return out


def test_a_body_edited_by_hand_is_called_edited(tmp_path: Path) -> None:
    out = compiled(tmp_path)
    table = json.loads(out.read_text())
    table["body"]["failover"]["retry"]["attempts"] = 7  # the content_hash is kept as it was
    out.write_text(json.dumps(table, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
    code, output = check(tmp_path, out)
    assert code == 1
    assert "stale: the table was edited by hand: its body no longer matches its content_hash" in output


def test_only_reformatted_is_called_formatting(tmp_path: Path) -> None:
    out = compiled(tmp_path)
    out.write_text(json.dumps(json.loads(out.read_text())))
    code, output = check(tmp_path, out)
    assert code == 1 and "stale: the file's formatting differs" in output


def test_not_a_table_or_not_a_file(tmp_path: Path) -> None:
    out = compiled(tmp_path)
    out.write_text("[" * 100_000 + "]" * 100_000)
    assert check(tmp_path, out) == (
        1,
        f"{out}: stale: {out} is nested too deeply to be a modelcfg table\n"
        f"  run: modelcfg compile -p {tmp_path / 'project'} -o {out}\n",
    )
    out.unlink()
    os.mkfifo(out)  # must be refused without opening it (opening a FIFO blocks)
    code, output = check(tmp_path, out)
    assert code == 1 and f"{out} is not a regular file" in output
