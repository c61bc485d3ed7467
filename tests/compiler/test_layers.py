"""Layers: extends (files and built-ins), cycles, escapes, environments, local file, env vars, --set."""

from pathlib import Path

from modelcfg.compiler import compile_project

from .conftest import BASE, WriteProject


def messages(result: object) -> list[str]:
    return [f"{d.span}: {d.code} {d.message}" for d in getattr(result, "diagnostics", ())]


def test_precedence_lowest_first(project: WriteProject) -> None:
    root = project(
        {
            "shared/base.yaml": BASE,
            "modelcfg.yaml": """
                extends: [shared/base.yaml]
                environments: {production: [envs/production.yaml]}
                providers: {openai: {settings: {temperature: 0.5}}}
            """,
            "envs/production.yaml": "providers: {openai: {settings: {temperature: 0.4, top_p: 0.9}}}\n",
            "modelcfg.local.yaml": "providers: {openai: {settings: {top_p: 0.8}}}\n",
        }
    )
    environ = {"MODELCFG__PROVIDERS__OPENAI__SETTINGS__TEMPERATURE": "0.3", "OTHER": "x"}
    result = compile_project(
        root, env="production", environ=environ, sets=["providers.openai.settings.seed=7"]
    )
    assert result.ok, messages(result)
    assert [layer.name for layer in result.layers] == [
        "extends:shared/base.yaml",
        "root",
        "env:production",
        "local",
        "env-vars",
        "set",
    ]
    settings = result.tree["providers"]["openai"]["settings"]
    assert settings == {"temperature": 0.3, "top_p": 0.8, "seed": 7}
    origins = result.origins[("providers", "openai", "settings", "temperature")]
    assert [(o.layer, str(o.span), o.value) for o in origins] == [
        ("extends:shared/base.yaml", "shared/base.yaml:9:20", 0.6),
        ("root", "modelcfg.yaml:3:46", 0.5),
        ("env:production", "envs/production.yaml:1:46", 0.4),
        ("env-vars", "<environment>:1:52", 0.3),
    ]
    assert result.table is not None
    assert [s["layer"] for s in result.table["sources"]][-2:] == ["env-vars", "set"]


def test_builtin_presets_and_profiles(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": "extends: ['preset:openai', 'profile:precise']\n"})
    result = compile_project(root, environ={})
    assert result.ok, messages(result)
    assert result.tree["profiles"]["precise"]["temperature"] == 0.2
    assert result.layers[0].label == "<builtin>/presets/openai.yaml"


def test_unknown_builtin(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": "extends:\n  - preset:opneai\n"})
    result = compile_project(root, environ={})
    assert messages(result) == ["modelcfg.yaml:2:5: MC011 unknown built-in `preset:opneai`"]


def test_extends_cycle_shows_the_cycle(project: WriteProject) -> None:
    root = project(
        {
            "modelcfg.yaml": "extends: [a.yaml]\n",
            "a.yaml": "extends: [b.yaml]\n",
            "b.yaml": "extends: [a.yaml]\n",
        }
    )
    result = compile_project(root, environ={})
    assert messages(result) == ["b.yaml:1:11: MC009 extends cycle: a.yaml → b.yaml → a.yaml"]


def test_extends_escape_and_missing(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": "extends: [../secret.yaml, nothere.yaml]\n"})
    result = compile_project(root, environ={})
    assert messages(result) == [
        "modelcfg.yaml:1:11: MC010 `../secret.yaml` is outside the project",
        "modelcfg.yaml:1:27: MC008 file `nothere.yaml` not found",
    ]


def test_unknown_environment_is_a_usage_error(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": BASE + "environments: {staging: [s.yaml]}\n", "s.yaml": "{}\n"})
    result = compile_project(root, env="prod", environ={})
    assert result.usage_error
    assert result.diagnostics[0].hint == "known: staging"


def test_missing_project_is_a_usage_error(tmp_path: Path) -> None:
    result = compile_project(tmp_path, environ={})
    assert result.usage_error and not result.ok
    assert "no modelcfg.yaml" in result.diagnostics[0].message


def test_bad_set_and_env_values(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": BASE})
    result = compile_project(root, environ={"MODELCFG__PROVIDERS____X": "1"}, sets=["nonsense"])
    assert sorted(d.code for d in result.diagnostics) == ["MC014", "MC014"]
    assert result.usage_error


def test_set_values_are_yaml(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": BASE})
    sets = [
        "providers.openai.settings.stop=[a, b]",
        "providers.openai.enabled=false",
        "selection.default_class=no",
    ]
    result = compile_project(root, environ={}, sets=sets)
    assert result.tree["providers"]["openai"]["settings"]["stop"] == ["a", "b"]
    assert result.tree["providers"]["openai"]["enabled"] is False
    assert result.tree["selection"]["default_class"] == "no"  # YAML 1.2: `no` is a string
    assert [str(d.span) for d in result.diagnostics] == ["<--set>:3:25"]


def test_a_reader_compiles_without_the_filesystem() -> None:
    files = {"modelcfg.yaml": BASE.encode(), "envs/p.yaml": b"providers: {openai: {enabled: false}}\n"}

    class MemoryReader:
        def read_bytes(self, relpath: str) -> bytes:
            return files[relpath]

        def exists(self, relpath: str) -> bool:
            return relpath in files

    files["modelcfg.yaml"] += b"environments: {p: [envs/p.yaml]}\n"
    result = compile_project("/nonexistent/project", env="p", reader=MemoryReader(), environ={})
    assert result.ok, messages(result)
    assert result.tree["providers"]["openai"]["enabled"] is False


def test_set_and_env_paths_are_bounded_at_32_keys(project: WriteProject) -> None:
    root = project({"modelcfg.yaml": BASE})
    at_limit = ".".join(["k"] * 32)
    over = ".".join(["k"] * 33)
    result = compile_project(root, sets=[f"{at_limit}=1"], environ={"MODELCFG__" + "__".join("K" * 33): "1"})
    shown = messages(result)
    assert not any("path of 32 keys" in m for m in shown)
    assert any(
        m.startswith("<environment>:1:1: MC014 `MODELCFG__K__K") and "path of 33 keys" in m for m in shown
    )
    assert "path of 33 keys" in messages(compile_project(root, sets=[f"{over}=1"]))[0]


def test_extends_chains_are_bounded_at_64_files(project: WriteProject) -> None:
    def chain(length: int) -> dict[str, str]:
        files = {f"c{i}.yaml": f"extends: [c{i + 1}.yaml]\n" for i in range(length - 2)}
        files[f"c{length - 2}.yaml"] = "{}\n"
        return {**files, "modelcfg.yaml": BASE + "extends: [c0.yaml]\n"}

    assert compile_project(project(chain(64))).ok
    deeper = messages(compile_project(project(chain(65))))
    assert deeper == ["c62.yaml:1:11: MC009 extends chain deeper than 64 files (from `modelcfg.yaml`)"]


def test_files_are_read_inside_the_project_only(project: WriteProject, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("providers: {openai: {timeout_s: 1}}\n")
    root = project({"modelcfg.yaml": BASE + "extends: [inner.yaml, outer.yaml]\n", "real.yaml": "{}\n"})
    (root / "inner.yaml").symlink_to(root / "real.yaml")
    (root / "outer.yaml").symlink_to(outside)
    assert messages(compile_project(root)) == [
        "modelcfg.yaml:10:23: MC010 `outer.yaml` resolves outside the project (through a symbolic link)"
    ]
