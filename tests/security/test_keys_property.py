"""Property: a key-shaped string anywhere in a valid project makes compile refuse, and no output
channel (stdout, stderr, the -o file, every lint format, explain) ever shows it."""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from modelcfg.schema.secrets import KEY_PREFIXES, find_secret

from .keys_project import PROJECT, run

LINT_FORMATS = ("text", "concise", "json", "sarif", "github")


@dataclass(frozen=True)
class Planted:
    """Where one key went: YAML lines appended to the project, --set arguments, env variables."""

    yaml: str = ""
    provider_yaml: str = ""
    root_yaml: str = ""
    sets: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()


def _escaped(key: str, index: int) -> str:
    """``key`` with one character of its body written as a YAML `\\uXXXX` escape."""
    at = len(key) - 1 - index % 8
    return key[:at] + f"\\u{ord(key[at]):04X}" + key[at + 1 :]


PLACES = {
    "header value": lambda key, i: Planted(yaml=f"      X-V{i}: {key}\n"),
    "bearer header": lambda key, i: Planted(yaml=f"      Authorization{i}: Bearer {key}\n"),
    "header name": lambda key, i: Planted(yaml=f"      {key}: v\n"),
    "yaml escape": lambda key, i: Planted(yaml=f'      X-E{i}: "{_escaped(key, i)}"\n'),
    "provider field": lambda key, i: Planted(provider_yaml=f"    {key}: 1\n"),
    "vars key": lambda key, i: Planted(root_yaml=f"  {key}: 1\n"),
    "vars value": lambda key, i: Planted(root_yaml=f"  token{i}: [a, {key}]\n"),
    "--set": lambda key, i: Planted(sets=(f"providers.openai.headers.X-S{i}={key}",)),
    "MODELCFG__ variable": lambda key, i: Planted(
        env=((f"MODELCFG__PROVIDERS__OPENAI__HEADERS__X_M{i}", key),)
    ),
    "env() of a variable": lambda key, i: Planted(
        yaml=f"      X-T{i}: '{{{{ env(\"REGION\") }}}}'\n", env=(("REGION", key),)
    ),
}

keys = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from([prefix for prefix, _ in KEY_PREFIXES]),
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", min_size=16, max_size=40
    ),
)
plantings = st.lists(
    st.tuples(st.sampled_from(sorted(PLACES)), keys), min_size=1, max_size=3, unique_by=lambda t: t[0]
)


def _project(root: Path, planted: list[Planted]) -> tuple[list[str], dict[str, str]]:
    yaml = "".join(p.yaml for p in planted) + "".join(p.provider_yaml for p in planted)
    root_yaml = "".join(p.root_yaml for p in planted)
    (root / "modelcfg.yaml").write_text(PROJECT + yaml + ("vars:\n" + root_yaml if root_yaml else ""))
    sets = [arg for p in planted for item in p.sets for arg in ("--set", item)]
    return sets, {name: value for p in planted for name, value in p.env}


@settings(max_examples=40, deadline=None)
@given(plantings)
def test_a_key_anywhere_is_refused_and_never_shown(planting: list[tuple[str, str]]) -> None:
    secrets = [key for _, key in planting]
    assert all(find_secret(key) == key for key in secrets)
    planted = [PLACES[place](key, i) for i, (place, key) in enumerate(planting)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sets, env = _project(root, planted)
        table = root / "build" / "t.json"
        outputs = [run(["compile", "-p", str(root), "-o", str(table), "--no-cache", *sets], env)]
        assert outputs[0].code == 1, (planting, outputs[0].stderr)
        assert not table.exists()
        outputs.append(run(["explain", "-p", str(root), "--all", "--format", "json", *sets], env))
        assert outputs[1].code == 1
        reports = []
        for fmt in LINT_FORMATS:  # lint takes no --set: a key planted only there is not its input
            report = root / f"lint.{fmt}"
            outputs.append(run(["lint", str(root), "--format", fmt, "--no-cache", "-o", str(report)], env))
            assert outputs[-1].code == (0 if all(p.sets for p in planted) else 1)
            reports.append(report.read_text("utf-8"))
        shown = "".join(out.shown for out in outputs) + "".join(reports)
        for key in secrets:
            assert key not in shown
