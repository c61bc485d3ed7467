"""`modelcfg lsp` end to end: a real client over stdio, the example project copied into tmp_path."""

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from .conftest import open_file, position_of, replace_all, until

pytestmark = pytest.mark.asyncio


def _codes(client: LanguageClient, uri: str) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [
        (str(d.code), (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character))
        for d in client.diagnostics.get(uri, ())
    ]


async def test_example_project_is_clean_and_every_file_gets_diagnostics(
    client: LanguageClient, project: Path
) -> None:
    uri = open_file(client, project / "modelcfg.yaml")
    overlays = [(project / "envs" / name).as_uri() for name in ("staging.yaml", "production.toml")]
    await until(lambda: all(u in client.diagnostics for u in (uri, *overlays)))
    assert {u: list(client.diagnostics[u]) for u in (uri, *overlays)} == {u: [] for u in (uri, *overlays)}
    watch = [r for r in client.registrations if r.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert len(watch) == 1


async def test_broken_edit_publishes_findings_at_lint_ranges(client: LanguageClient, project: Path) -> None:
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8")
    uri = open_file(client, root)
    await until(lambda: uri in client.diagnostics)
    broken = text.replace("  groq:\n    timeout_s: 20", "  groq:\n    timeout_sec: 20").replace(
        "      class: small\n      provider: groq", "      class: smal\n      provider: groq"
    )
    client.diagnostics.clear()
    replace_all(client, uri, broken)
    await until(lambda: uri in client.diagnostics)
    key = position_of(broken, "timeout_sec")
    value = position_of(broken, "smal\n")
    assert sorted(_codes(client, uri)) == [
        ("MC101", (key.line, 4, key.line, 15)),
        ("MC204", (value.line, 13, value.line, 17)),
    ]
    finding = next(d for d in client.diagnostics[uri] if d.code == "MC101")
    assert finding.severity == lsp.DiagnosticSeverity.Error
    assert finding.message.startswith("unknown key `timeout_sec`")
    assert finding.code_description is not None
    assert finding.code_description.href.endswith("compiler.md#errors")


async def test_root_edit_creates_a_finding_in_an_overlay(client: LanguageClient, project: Path) -> None:
    root = project / "modelcfg.yaml"
    staging = (project / "envs" / "staging.yaml").as_uri()
    text = root.read_text("utf-8")
    uri = open_file(client, root)
    await until(lambda: staging in client.diagnostics)
    assert list(client.diagnostics[staging]) == []
    # openai's models judged in the anthropic catalog: the id staging sets is unknown there
    broken = text.replace(
        "  openai:\n    rate_limits:", "  openai:\n    catalog: anthropic\n    rate_limits:"
    )
    client.diagnostics.clear()
    replace_all(client, uri, broken)
    await until(lambda: staging in client.diagnostics and uri in client.diagnostics)
    found = [d for d in client.diagnostics[staging] if d.code == "MC301"]
    assert [(d.range.start.line, d.range.start.character) for d in found] == [(5, 13)]
    assert found[0].source == "modelcfg --env staging"
    assert found[0].code_description is not None
    assert found[0].code_description.href.endswith("lint-rules.md#mc301-unknown-model")


async def test_hover_shows_each_environment_and_the_layer_chain(
    client: LanguageClient, project: Path
) -> None:
    overlay = project / "envs" / "production.toml"
    text = overlay.read_text("utf-8")
    uri = open_file(client, overlay)
    await until(lambda: uri in client.diagnostics)
    at = position_of(text, "timeout_s = 60.0", 2)
    hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), at))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    shown = hover.contents.value
    assert "**`providers.llamalocal.timeout_s`**" in shown
    assert "| (base) | `120` |" in shown
    assert "| staging | `120` |" in shown
    assert "| production | `60.0` |" in shown
    assert "layers in `production`, lowest first:" in shown
    assert "root               modelcfg.yaml:29:16  120" in shown
    assert "* env:production     envs/production.toml:5:13  60.0" in shown
    assert "Per-request timeout in seconds." in shown
    assert "bounds: > 0, ≤ 3600" in shown


async def test_hover_on_a_model_id_shows_catalog_facts(client: LanguageClient, project: Path) -> None:
    overlay = project / "envs" / "staging.yaml"
    text = overlay.read_text("utf-8")
    uri = open_file(client, overlay)
    await until(lambda: uri in client.diagnostics)
    at = position_of(text, "gpt-6.1-terra", 3)
    hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), at))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "`openai/gpt-6.1-terra` · chat · window 922k in / 128k out" in hover.contents.value


async def test_completion_offers_model_ids_of_the_provider_namespace_and_class(
    client: LanguageClient, project: Path
) -> None:
    overlay = project / "envs" / "staging.yaml"
    text = overlay.read_text("utf-8").replace("      large: gpt-6.1-terra\n", "      embedding: text-emb\n")
    uri = open_file(client, overlay, text)
    at = position_of(text, "text-emb", len("text-emb"))
    answer = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    assert isinstance(answer, lsp.CompletionList)
    labels = [item.label for item in answer.items]
    assert labels[:3] == ["text-embedding-3-large", "text-embedding-3-small", "text-embedding-ada-002"]
    assert all(label.startswith("text-emb") for label in labels)
    first = answer.items[0].text_edit
    assert isinstance(first, lsp.TextEdit)
    assert first.range == lsp.Range(lsp.Position(at.line, 17), at)


async def test_completion_of_keys_and_builtins_in_a_half_typed_buffer(
    client: LanguageClient, project: Path
) -> None:
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8").replace("  - profile:precise\n", "  - profile:precise\n  - preset:gr\n")
    text = text.replace("  groq:\n    timeout_s: 20\n", "  groq:\n    timeout_s: 20\n    rate_\n")
    uri = open_file(client, root, text)
    at = position_of(text, "preset:gr", len("preset:gr"))
    answer = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    assert isinstance(answer, lsp.CompletionList)
    assert [item.label for item in answer.items] == ["preset:grok", "preset:groq"]
    at = position_of(text, "    rate_\n", len("    rate_"))
    answer = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    assert isinstance(answer, lsp.CompletionList)
    assert [item.label for item in answer.items] == ["rate_limits"]


async def test_definition_jumps_to_the_winning_layer_and_extends_targets(
    client: LanguageClient, project: Path
) -> None:
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8")
    uri = open_file(client, root)
    await until(lambda: uri in client.diagnostics)
    at = position_of(text, "rpm: 50,", 1)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    assert found == lsp.Location(uri, lsp.Range(lsp.Position(at.line, 23), lsp.Position(at.line, 25)))
    at = position_of(text, "preset:groq", 3)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    assert isinstance(found, lsp.Location)
    assert found.uri.endswith("/presets/groq.yaml")
    assert Path(found.uri.removeprefix("file://")).is_file()


async def test_definition_from_a_setting_overridden_in_production(
    client: LanguageClient, project: Path
) -> None:
    overlay = project / "envs" / "production.toml"
    uri = open_file(client, overlay)
    await until(lambda: uri in client.diagnostics)
    text = (project / "modelcfg.yaml").read_text("utf-8")
    root_uri = open_file(client, project / "modelcfg.yaml")
    at = position_of(text, "timeout_s: 120", 1)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(lsp.TextDocumentIdentifier(root_uri), at)
    )
    # the root file is judged without an environment: its own value wins there
    assert found == lsp.Location(root_uri, lsp.Range(lsp.Position(at.line, 15), lsp.Position(at.line, 18)))


async def test_code_action_applies_did_you_mean_and_fixes_the_finding(
    client: LanguageClient, project: Path
) -> None:
    root = project / "modelcfg.yaml"
    broken = root.read_text("utf-8").replace("  groq:\n    timeout_s: 20", "  groq:\n    timeout_sec: 20")
    uri = open_file(client, root, broken)
    await until(lambda: any(d.code == "MC101" for d in client.diagnostics.get(uri, ())))
    finding = next(d for d in client.diagnostics[uri] if d.code == "MC101")
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), finding.range, lsp.CodeActionContext([finding]))
    )
    assert actions is not None
    fix = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.title == "Replace with `timeout_s`")
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[uri]
    fixed = _apply(broken, edit)
    assert "    timeout_s: 20" in fixed
    client.diagnostics.clear()
    replace_all(client, uri, fixed)
    await until(lambda: uri in client.diagnostics)
    assert list(client.diagnostics[uri]) == []


async def test_code_actions_for_suppressions(client: LanguageClient, project: Path) -> None:
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8")
    with_unused = text.replace(
        "  groq:\n    timeout_s: 20", "  groq:\n    timeout_s: 20  # modelcfg: ignore[MC301]"
    )
    uri = open_file(client, root, with_unused)
    await until(lambda: any(d.code == "MC901" for d in client.diagnostics.get(uri, ())))
    unused = next(d for d in client.diagnostics[uri] if d.code == "MC901")
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), unused.range, lsp.CodeActionContext([unused]))
    )
    assert actions is not None
    remove = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.title.startswith("Remove"))
    assert remove.edit is not None and remove.edit.changes is not None
    assert _apply(with_unused, remove.edit.changes[uri][0]) == text

    # a lint finding (not a compile error) can be silenced on its line
    with_finding = text.replace("  groq:\n    timeout_s: 20", "  groq:\n    timeout_s: 20\n    catalog: grok")
    client.diagnostics.clear()
    replace_all(client, uri, with_finding)
    await until(lambda: any(d.code == "MC307" for d in client.diagnostics.get(uri, ())))
    finding = next(d for d in client.diagnostics[uri] if d.code == "MC307")
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), finding.range, lsp.CodeActionContext([finding]))
    )
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, lsp.CodeAction)]
    assert "Suppress MC307 (unknown-catalog) on this line" in titles
    suppress = next(
        a for a in actions if isinstance(a, lsp.CodeAction) and a.title.startswith("Suppress MC307")
    )
    assert suppress.edit is not None and suppress.edit.changes is not None
    silenced = _apply(with_finding, suppress.edit.changes[uri][0])
    assert "    catalog: grok  # modelcfg: ignore[MC307]\n" in silenced
    client.diagnostics.clear()
    replace_all(client, uri, silenced, version=3)
    await until(lambda: uri in client.diagnostics)
    assert [d.code for d in client.diagnostics[uri] if d.code == "MC307"] == []


def _apply(text: str, edit: lsp.TextEdit) -> str:
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: edit.range.start.line]) + edit.range.start.character
    end = sum(len(x) for x in lines[: edit.range.end.line]) + edit.range.end.character
    return text[:start] + edit.new_text + text[end:]


async def test_half_typed_buffers_never_crash_the_server(client: LanguageClient, project: Path) -> None:
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8")
    uri = open_file(client, root)
    await until(lambda: uri in client.diagnostics)
    for version, partial in enumerate(
        [text[:n] for n in (1, 40, 200, 777, 1200)] + [text + "\n  bad: [unclosed\n", "\t- :\n{", ""], start=2
    ):
        client.diagnostics.clear()
        replace_all(client, uri, partial, version)
        await until(lambda: uri in client.diagnostics)
        end = lsp.Position(max(partial.count("\n") - 1, 0), 0)
        await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), end))
        await client.text_document_completion_async(
            lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), end)
        )
    broken = text + "\n  bad: [unclosed\n"
    client.diagnostics.clear()
    replace_all(client, uri, broken, 20)
    await until(lambda: uri in client.diagnostics)
    assert [d.code for d in client.diagnostics[uri]] == ["MC001"]
    assert client.error is None


async def test_invalid_utf8_saved_to_disk_is_a_finding_not_a_crash(
    client: LanguageClient, project: Path
) -> None:
    uri = open_file(client, project / "modelcfg.yaml")
    staging = project / "envs" / "staging.yaml"
    await until(lambda: staging.as_uri() in client.diagnostics)
    staging.write_bytes(b"providers:\n  openai:\n    models: {large: caf\xe9}\n")
    client.diagnostics.clear()
    change = lsp.FileEvent(staging.as_uri(), lsp.FileChangeType.Changed)
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([change]))
    await until(lambda: staging.as_uri() in client.diagnostics)
    (finding,) = client.diagnostics[staging.as_uri()]
    assert finding.code == "MC007"
    assert finding.range.start == lsp.Position(2, 23)
    assert "not UTF-8" in finding.message
    hover = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(20, 4))
    )
    assert hover is not None  # the server still answers


async def test_a_file_outside_any_project_gets_nothing(client: LanguageClient, tmp_path: Path) -> None:
    stray = tmp_path / "elsewhere" / "notes.yaml"
    stray.parent.mkdir()
    stray.write_text("providers:\n  openai: {models: {large: nope}}\n", "utf-8")
    uri = open_file(client, stray)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(1, 3))
    )
    answer = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), lsp.Position(1, 3))
    )
    assert hover is None and answer is None
    # a file next to a project that no layer reads is not part of it either
    other = tmp_path / "examples" / "other.yaml"
    other.write_text("temperature: 9\n", "utf-8")
    other_uri = open_file(client, other)
    root_uri = open_file(client, tmp_path / "examples" / "modelcfg.yaml")
    await until(lambda: root_uri in client.diagnostics)
    assert uri not in client.diagnostics and other_uri not in client.diagnostics
    assert client.error is None and not [m for m in client.messages if m.type == lsp.MessageType.Error]


async def test_settings_choose_the_environment_and_the_rules(client: LanguageClient, project: Path) -> None:
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8").replace(
        "  groq:\n    timeout_s: 20", "  groq:\n    timeout_s: 20\n    catalog: grok"
    )
    uri = open_file(client, root, text)
    await until(lambda: any(d.code == "MC307" for d in client.diagnostics.get(uri, ())))
    settings = {"modelcfg": {"environment": "production", "ignore": ["unknown-catalog"]}}
    client.diagnostics.clear()
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings))
    await until(lambda: uri in client.diagnostics)
    assert [d.code for d in client.diagnostics[uri]] == []
    at = position_of(text, "timeout_s: 120", 1)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    production = project / "envs" / "production.toml"
    line = production.read_text("utf-8").splitlines().index("timeout_s = 60.0")
    assert found == lsp.Location(
        production.as_uri(), lsp.Range(lsp.Position(line, 12), lsp.Position(line, 16))
    )
    hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), at))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "layers in `production`, lowest first:" in hover.contents.value


async def test_a_file_reached_by_extends_is_part_of_the_project(
    client: LanguageClient, project: Path
) -> None:
    shared = project / "shared" / "base.yaml"
    shared.parent.mkdir()
    shared.write_text("providers:\n  groq:\n    timeout_sec: 5\n", "utf-8")
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8").replace(
        "  - profile:precise\n", "  - profile:precise\n  - shared/base.yaml\n"
    )
    root.write_text(text, "utf-8")
    uri = open_file(client, root)
    await until(lambda: shared.as_uri() in client.diagnostics)
    assert [(d.code, d.range.start.line) for d in client.diagnostics[shared.as_uri()]] == [("MC101", 2)]
    at = position_of(text, "shared/base.yaml", 2)
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(lsp.TextDocumentIdentifier(uri), at)
    )
    assert found == lsp.Location(shared.as_uri(), lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)))


async def test_settings_pulled_from_the_workspace_configuration(
    client: LanguageClient, project: Path
) -> None:
    root = project / "modelcfg.yaml"
    text = root.read_text("utf-8").replace(
        "  groq:\n    timeout_s: 20", "  groq:\n    timeout_s: 20\n    catalog: grok"
    )
    uri = open_file(client, root, text)
    await until(lambda: any(d.code == "MC307" for d in client.diagnostics.get(uri, ())))
    client.set_configuration({"select": "MC1,MC2"}, section="modelcfg")
    client.diagnostics.clear()
    # no settings in the notification: the server asks for the `modelcfg` section
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(None))
    await until(lambda: uri in client.diagnostics)
    assert [d.code for d in client.diagnostics[uri]] == []
