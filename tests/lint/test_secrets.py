"""Literal keys: reported once, masked, wherever they are written."""

from pathlib import Path

from modelcfg.compiler.lint import lint_paths

from .helpers import TODAY

KEY = "sk-ant-api03-Zq8xR2vN4mK7pL1tY6wE9"


def _lint(path: Path, env: str | None = None) -> list[tuple[str, str, int, str]]:
    [result] = lint_paths([str(path)], env=env, today=TODAY)
    return [(d.code, Path(d.span.file).name, d.span.line, d.message) for d in result.diagnostics]


def test_key_in_a_value_is_reported_once_and_masked(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        f"providers:\n  gw:\n    endpoint: https://gw.example.com/v1\n    headers: {{x-api-key: {KEY}}}\n"
    )
    found = _lint(path)
    assert len(found) == 1 and found[0][2] == 4
    assert KEY not in found[0][3] and "sk-ant-…6wE9" in found[0][3]


def test_key_in_an_overridden_layer_is_still_reported(tmp_path: Path) -> None:
    (tmp_path / "modelcfg.yaml").write_text(
        "environments: {prod: [prod.yaml]}\n"
        "providers:\n  gw:\n    endpoint: https://gw.example.com/v1\n"
        f"    headers: {{x-api-key: {KEY}}}\n"
    )
    (tmp_path / "prod.yaml").write_text("providers:\n  gw:\n    headers: {x-api-key: none}\n")
    found = _lint(tmp_path, env="prod")
    assert [(code, file, line) for code, file, line, _ in found] == [("MC501", "modelcfg.yaml", 5)]
    assert KEY not in found[0][3] and "`sk-ant-…6wE9`" in found[0][3]
