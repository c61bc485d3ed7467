"""The pygls server: LSP messages in, the session's answers out. No config logic lives here."""

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from modelcfg import __version__
from modelcfg.compiler.load import LoadError
from modelcfg.compiler.source import Path as SettingPath
from modelcfg.compiler.source import value_at

from .actions import code_actions
from .analysis import Analysis
from .completion import complete
from .cursor import Cursor, cursor_at, path_at
from .definition import definition
from .hover import hover_text
from .ranges import char_column, client_column, use_encoding
from .session import Session
from .settings import Settings

__all__ = ["build_server"]

_WATCH = "**/*.{yaml,yml,toml}"


class ModelcfgServer(LanguageServer):
    """A language server holding one `Session`."""

    def __init__(self) -> None:
        super().__init__(
            "modelcfg", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental
        )
        self.session = Session(self._publish)
        self.initial_options: Any = None

    def _publish(self, uri: str, diagnostics: list[lsp.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))

    def sync(self, uri: str) -> Path | None:
        """Copy the buffer behind ``uri`` into the session (or drop it when closed); its path."""
        raw = to_fs_path(uri)
        if raw is None:
            return None
        path = Path(raw)
        document = self.workspace.text_documents.get(unquote(uri))  # pygls keys them unquoted
        if document is None:
            self.session.buffers.pop(path, None)
        else:
            self.session.buffers[path] = document.source
        return path


def _place(server: ModelcfgServer, uri: str, position: lsp.Position) -> tuple[Path, str, int, int] | None:
    """(path, text, 0-based row, character column) of a position in an open config buffer."""
    path = server.sync(uri)
    if path is None or path not in server.session.buffers:
        return None
    text = server.session.buffers[path]
    lines = text.splitlines()
    line = lines[position.line] if position.line < len(lines) else ""
    return path, text, position.line, char_column(line, position.character)


def _analysed_place(
    server: ModelcfgServer, uri: str, position: lsp.Position
) -> tuple[Analysis, Path, str, int, int] | None:
    """The project's analysis with `_place`'s (path, text, row, column), or None outside a project."""
    place = _place(server, uri, position)
    if place is None:
        return None
    analysis = server.session.analysis_for(place[0])
    return None if analysis is None else (analysis, *place)


def _environment(server: ModelcfgServer, analysis: Analysis, label: str) -> str | None:
    """The environment to show: the client's choice, else the one ``label`` is an overlay of."""
    chosen = server.session.settings.environment
    if chosen in analysis.environments:
        return chosen
    return analysis.environment_of(label)


def _setting_at(
    analysis: Analysis, server: ModelcfgServer, path: Path, place: tuple[str, int, int]
) -> tuple[SettingPath, Any]:
    """The setting path at a position and the value written there: exact from a parse of the buffer,
    else read from its text (a buffer that does not parse)."""
    text, row, column = place
    label = analysis.label_of(path)
    try:
        source = server.session.cache.parse(label, text.encode("utf-8"))
    except LoadError:
        source = None
    found = path_at(source, row + 1, column + 1) if source is not None else None
    if source is not None and found is not None:
        return found[0], value_at(source.tree, found[0])[1]
    return cursor_at(text, label, row, column).path, None


def build_server() -> ModelcfgServer:
    """A server with every feature registered."""
    server = ModelcfgServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: ModelcfgServer, params: lsp.InitializeParams) -> None:
        ls.initial_options = params.initialization_options
        ls.session.settings = Settings.from_client(ls.initial_options)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: ModelcfgServer, params: lsp.InitializedParams) -> None:
        use_encoding(str(ls.workspace.position_encoding or "utf-16"))
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched is not None and watched.dynamic_registration:
            options = lsp.DidChangeWatchedFilesRegistrationOptions([lsp.FileSystemWatcher(_WATCH)])
            registration = lsp.Registration("modelcfg-watch", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams([registration]))
            except Exception:
                ls.window_log_message(lsp.LogMessageParams(lsp.MessageType.Warning, "file watching refused"))
        await _pull_configuration(ls)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def configuration(ls: ModelcfgServer, params: lsp.DidChangeConfigurationParams) -> None:
        if params.settings:
            ls.session.settings = _settings(ls, params.settings)
        else:
            await _pull_configuration(ls)
        ls.session.relint_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def document_opened_or_closed(ls: ModelcfgServer, params: Any) -> None:
        path = ls.sync(params.text_document.uri)
        if path is not None:
            ls.session.changed(path, appeared_or_vanished=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def document_changed(ls: ModelcfgServer, params: Any) -> None:
        path = ls.sync(params.text_document.uri)
        if path is not None:
            ls.session.changed(path)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: ModelcfgServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            raw = to_fs_path(change.uri)
            if raw is not None:
                moved = change.type != lsp.FileChangeType.Changed
                ls.session.changed(Path(raw), appeared_or_vanished=moved)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ModelcfgServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = _analysed_place(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        analysis, path, text, row, column = found
        setting, _ = _setting_at(analysis, ls, path, (text, row, column))
        env = _environment(ls, analysis, analysis.label_of(path))
        shown = hover_text(analysis, setting, env)
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, shown)) if shown else None

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", " ", "/"]))
    def completion(ls: ModelcfgServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        found = _analysed_place(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        analysis, path, text, row, column = found
        cursor: Cursor = cursor_at(text, analysis.label_of(path), row, column)
        line = text.splitlines()[row] if row < len(text.splitlines()) else ""
        word = lsp.Range(
            lsp.Position(row, client_column(line, cursor.start)), lsp.Position(row, params.position.character)
        )
        return lsp.CompletionList(is_incomplete=False, items=complete(cursor, analysis, word))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def goto_definition(ls: ModelcfgServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        found = _analysed_place(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        analysis, path, text, row, column = found
        setting, value = _setting_at(analysis, ls, path, (text, row, column))
        label = analysis.label_of(path)
        return definition(analysis, label, setting, value, _environment(ls, analysis, label))

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix])
    )
    def code_action(ls: ModelcfgServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        path = ls.sync(params.text_document.uri)
        text = ls.session.buffers.get(path) if path is not None else None
        if text is None:
            return None
        return code_actions(params.text_document.uri, text, list(params.context.diagnostics))

    return server


def _settings(ls: ModelcfgServer, configured: Any) -> Settings:
    """Workspace configuration over the initialization options, key by key."""
    merged: dict[str, Any] = {}
    for options in (ls.initial_options, configured):
        if isinstance(options, dict):
            section = options.get("modelcfg")
            merged.update(section if isinstance(section, dict) else options)
    return Settings.from_client(merged)


async def _pull_configuration(ls: ModelcfgServer) -> None:
    """Ask the client for the `modelcfg` section, when it answers configuration requests."""
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        return
    params = lsp.ConfigurationParams([lsp.ConfigurationItem(section="modelcfg")])
    try:
        answer = await ls.workspace_configuration_async(params)
    except Exception:  # a client that advertises configuration but fails to answer keeps the defaults
        return
    if answer and isinstance(answer[0], dict) and answer[0]:
        ls.session.settings = _settings(ls, answer[0])
        ls.session.relint_all()
