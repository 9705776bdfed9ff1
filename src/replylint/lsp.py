"""`replylint lsp`: findings as an editor's diagnostics while a template is typed, with hovers
(why, what to write instead) and the safe fixes as code actions, over the Language Server
Protocol on stdio (pygls). Not for linting (engine.py) nor for reading formats (formats/).

A document is read as `check` reads its file (same reader, the configuration found from its
path, its suppression markers), so a diagnostic's range is the finding's place in the JSON
contract: 1-based lines and columns in characters there, 0-based positions here, in the
code units the client negotiated (UTF-16 unless it offers another).
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from . import __version__
from .config import CONFIG_FILES, Resolver
from .configured import ConfiguredLinter
from .formats import SUFFIXES, ReadOptions, read_text
from .inputs import InputError
from .model import Finding, ReplylintError, Result, one_line
from .pack.schema import TEXT_LANGUAGES

SOURCE = "replylint"
SEVERITIES = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "suggestion": lsp.DiagnosticSeverity.Information,
}
# Files the server lints: every format `check` reads, but JSONL batches (not templates).
LINTED_SUFFIXES = tuple(s for s in SUFFIXES if s != ".jsonl")
# An unsaved document has no path: its language id says which reader to use.
UNTITLED_SUFFIXES = {"plaintext": ".txt", "markdown": ".md", "html": ".html", "yaml": ".yaml", "json": ".json",
                     "csv": ".csv"}
# The only line breaks of LSP, and of replylint's line numbers.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.{SOURCE}"


class LineTable:
    """A document's line starts, to turn replylint's (line, column) and text offsets into LSP
    positions and back. Columns count code points; LSP counts the client's code units, in
    which a character outside the BMP (an emoji) is two UTF-16 units."""

    def __init__(self, text: str, units):
        self.text = text
        self.units = units  # str -> its length in the client's code units
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def _line_end(self, line: int) -> int:
        """Offset of the end of a 0-based line, before its line break."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            return end - (2 if self.text.startswith("\r\n", end - 2) else 1)
        return len(self.text)

    def position(self, line: int, column: int) -> lsp.Position:
        """The LSP position of a 1-based (line, column) of the JSON contract."""
        start = self.starts[min(line - 1, len(self.starts) - 1)]
        return lsp.Position(line - 1, self.units(self.text[start:start + column - 1]))

    def position_at(self, offset: int) -> lsp.Position:
        line = bisect_right(self.starts, offset) - 1
        return lsp.Position(line, self.units(self.text[self.starts[line]:offset]))

    def offset(self, position: lsp.Position) -> int:
        """The text offset of an LSP position (past the line's end: its end)."""
        if position.line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[position.line], self._line_end(position.line)
        count = 0
        for i in range(start, end):
            if count >= position.character:
                return i
            count += self.units(self.text[i])
        return end

    def range(self, finding: Finding) -> lsp.Range:
        return lsp.Range(self.position(finding.line, finding.column), self.position(finding.end_line, finding.end_column))


@dataclass
class Linted:
    """A document as last linted: what was published, and what hovers and code actions read."""

    uri: str
    path: str
    version: int | None
    text: str
    lines: LineTable
    findings: list[tuple[Finding, lsp.Diagnostic]] = field(default_factory=list)
    fixes: list | None = None  # the safe edits, worked out on the first code action request


class ReplyServer(LanguageServer):
    """The language server's state: one ConfiguredLinter (configuration looked up from each
    document's path, each pack compiled once) and each open document's last lint."""

    def __init__(self):
        super().__init__(SOURCE, __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.linted: dict[str, Linted] = {}
        self.configured: ConfiguredLinter | None = None
        self.fixers: dict[object, object] = {}  # engine Linter -> its Fixer
        # (the rule packs, rule id) -> the URI of the rule's explanation page
        self.explanations: dict[tuple, str | None] = {}

    def linter(self) -> ConfiguredLinter:
        if self.configured is None:
            from .pack.cache import load_compiled
            from .pack.selftest import verify_team_examples

            self.configured = ConfiguredLinter(
                Resolver(), lambda rules: load_compiled(rules, use_cache=True, verify=verify_team_examples))
        return self.configured

    def forget_configuration(self) -> None:
        """A configuration file changed: read every one again, and lint the open documents anew."""
        self.configured = None
        self.fixers.clear()
        self.explanations.clear()
        for uri in list(self.linted):
            self.lint(uri)

    def lint(self, uri: str) -> None:
        """Lint the document as it is now and publish its diagnostics."""
        document = self.workspace.get_text_document(uri)
        path = _document_path(uri, document.language_id)
        if path is None:
            return
        text = document.source
        linted = Linted(uri, path, document.version, text, LineTable(text, self.workspace.position_codec.client_num_units))
        diagnostics = []
        results: list[Result] = []
        errors: list[InputError] = []
        try:
            results, errors = self._lint_text(path, text)
        except ReplylintError as exc:  # the configuration or a rule pack it names
            diagnostics.append(_problem_diagnostic(lsp.Position(0, 0), str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug costs this document's diagnostics, not the server
            diagnostics.append(_problem_diagnostic(
                lsp.Position(0, 0), f"internal error while linting ({type(exc).__name__}: {exc}); please report it"))
        for error in errors:
            at = linted.lines.position(error.line, error.column)
            diagnostics.append(_problem_diagnostic(at, one_line(error.message)))
        for result in results:
            for finding in result.findings:
                diagnostic = self._diagnostic(finding, linted)
                linted.findings.append((finding, diagnostic))
                diagnostics.append(diagnostic)
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))

    def _options(self, path: str) -> ReadOptions:
        return ReadOptions(csv_column=self.linter().settings_for(path).csv_column)

    def _replies(self, path: str, text: str):
        configured = self.linter()
        for item in read_text(path, text, self._options(path)):
            yield item if isinstance(item, InputError) else configured.prepare(item)

    def _lint_text(self, path: str, text: str) -> tuple[list[Result], list[InputError]]:
        results, errors = [], []
        for item in self._replies(path, text):
            if isinstance(item, InputError):
                errors.append(item)
            else:
                results.append(self.linter().lint(item))
        return results, errors

    def _diagnostic(self, finding: Finding, linted: Linted) -> lsp.Diagnostic:
        href = self._explanation(linted.path, finding.rule)
        return lsp.Diagnostic(
            range=linted.lines.range(finding),
            message=f"{finding.message} (whole reply)" if finding.whole_reply else finding.message,
            severity=SEVERITIES[finding.severity],
            code=finding.rule,
            code_description=lsp.CodeDescription(href=href) if href else None,
            source=SOURCE,
        )

    def _explanation(self, path: str, rule_id: str) -> str | None:
        """A file: URI of the rule's `replylint explain` text, written once into the cache
        directory (named after its content, so packs that differ never share a page); None
        for a finding that is no rule's (not-linted) or when the page cannot be written."""
        key = (self.linter().settings_for(path).rules, rule_id)
        if key not in self.explanations:
            rule = self.rule(path, rule_id)
            self.explanations[key] = None if rule is None else _explanation_page(rule)
        return self.explanations[key]

    def rule(self, path: str, rule_id: str):
        pack = self.linter().pack_for(self.linter().settings_for(path)).pack
        return next((r for r in pack.rules if r.id == rule_id), None)

    def fixes(self, linted: Linted) -> list:
        """The safe edits of the document, as `replylint fix` would make them."""
        if linted.fixes is None:
            from .fix import Fixer, fix_text

            linter = self.linter().linter_for(linted.path)
            if linter not in self.fixers:
                self.fixers[linter] = Fixer(linter)
            try:
                outcome = fix_text(linted.text, lambda text: self._replies(linted.path, text), linter,
                                   self.fixers[linter])
                linted.fixes = list(outcome.edits)
            except ReplylintError:
                linted.fixes = []
        return linted.fixes


def _document_path(uri: str, language_id: str | None) -> str | None:
    """The path whose reader and configuration apply to a document; None: not linted."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path is None:
        suffix = UNTITLED_SUFFIXES.get(language_id or "")
        return f"untitled{suffix}" if suffix else None
    if Path(path).name in CONFIG_FILES:  # .replylint.yaml holds settings, not templates
        return None
    return path if path.lower().endswith(LINTED_SUFFIXES) else None


def _problem_diagnostic(at: lsp.Position, message: str) -> lsp.Diagnostic:
    """A problem with the input or the configuration, rather than a finding."""
    return lsp.Diagnostic(range=lsp.Range(at, at), message=message, severity=lsp.DiagnosticSeverity.Error,
                          source=SOURCE)


def _explanation_page(rule) -> str | None:
    from .explain import explain_rule, format_explanation
    from .pack.cache import cache_dir

    text = format_explanation(explain_rule(rule, rule.languages))
    page = cache_dir() / "explain" / f"{rule.id}-{hashlib.sha256(text.encode()).hexdigest()[:12]}.txt"
    try:
        if not page.is_file():
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return from_fs_path(str(page))


def _hover_text(finding: Finding, rule) -> str:
    parts = [f"**{finding.rule}** · {finding.severity}", finding.message]
    if rule is not None and rule.why:
        # The finding's message is in the reply's interface language: its why follows it.
        ui_lang = next((lang for lang in TEXT_LANGUAGES if rule.message.get(lang) == finding.message), "en")
        parts.append(f"**Why it hurts.** {' '.join(rule.why.get(ui_lang).split())}")
    if finding.hint:
        parts.append(f"**Instead.** {' '.join(finding.hint.split())}")
    if finding.suggestions:
        parts.append("**Try:** " + " · ".join(f"«{s}»" for s in finding.suggestions))
    if rule is not None:
        parts.append(f"More: `replylint explain {finding.rule}`")
    return "\n\n".join(parts)


def _inside(position: lsp.Position, span: lsp.Range) -> bool:
    here = (position.line, position.character)
    return (span.start.line, span.start.character) <= here <= (span.end.line, span.end.character)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def create_server() -> ReplyServer:
    server = ReplyServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReplyServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.lint(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReplyServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.lint(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ReplyServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri) or ""
        if Path(path).name in CONFIG_FILES:
            ls.forget_configuration()

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReplyServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if ls.linted.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: ReplyServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(Path(to_fs_path(change.uri) or "").name in CONFIG_FILES for change in params.changes):
            ls.forget_configuration()

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: ReplyServer, params: lsp.InitializedParams) -> None:
        """Ask the client to tell about configuration files changed outside the editor."""
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            ls.client_register_capability(lsp.RegistrationParams(registrations=[lsp.Registration(
                id="replylint-configuration", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ReplyServer, params: lsp.HoverParams) -> lsp.Hover | None:
        linted = ls.linted.get(params.text_document.uri)
        if linted is None:
            return None
        shown = [(f, d) for f, d in linted.findings if _inside(params.position, d.range)]
        if not shown:
            return None
        text = "\n\n---\n\n".join(_hover_text(f, ls.rule(linted.path, f.rule)) for f, _ in shown)
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text), range=shown[0][1].range)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(ls: ReplyServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        linted = ls.linted.get(uri)
        if linted is None:
            return None
        only = params.context.only
        wanted = (lambda kind: True) if not only else (lambda kind: any(kind == k or kind.startswith(f"{k}.") for k in only))
        actions = []
        edits = []
        for edit in ls.fixes(linted):
            span = lsp.Range(linted.lines.position_at(edit.span.start), linted.lines.position_at(edit.span.end))
            text_edit = lsp.TextEdit(range=span, new_text=edit.new)
            edits.append(text_edit)
            if not wanted(lsp.CodeActionKind.QuickFix) or not _overlaps(span, params.range):
                continue
            fixed = [d for f, d in linted.findings
                     if f.rule == edit.rule and f.span.start < edit.span.end and edit.span.start < f.span.end]
            actions.append(lsp.CodeAction(
                title=f"Write «{edit.new}» instead of «{edit.old}» ({edit.rule})",
                kind=lsp.CodeActionKind.QuickFix, diagnostics=fixed, is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={uri: [text_edit]})))
        if edits and wanted(FIX_ALL):
            actions.append(lsp.CodeAction(title="Apply every safe replylint fix", kind=FIX_ALL,
                                          edit=lsp.WorkspaceEdit(changes={uri: edits})))
        return actions

    return server


def serve() -> None:
    """Speak LSP on stdin/stdout until the client says exit."""
    create_server().start_io()
