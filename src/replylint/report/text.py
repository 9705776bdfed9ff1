"""--format text: a block per reply (its title, then each finding with the flagged words, the
fix and the wordings to try), then a summary with totals per severity.

Each finding starts with `path:line:col:`, which editors and terminals turn into a link;
lines are wrapped at word boundaries to `width`. A reply without findings is listed only when
it is the run's only reply: at scale the summary counts them. On a terminal rich colours the
flagged words; otherwise the output is plain text written without rich (which is both slow to
import and slow for bulk output). Not for one line per finding: see concise.py.
"""
from __future__ import annotations

import textwrap

from ..model import NOT_LINTED, SEVERITIES, display_path
from .terminal import same_width, visible
from ..ui_text import not_linted_message

STYLES = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
MARK_STYLES = {"error": "underline red", "warning": "underline yellow", "suggestion": "underline cyan"}
DETAIL_INDENT = 6
PAD = " " * DETAIL_INDENT
DEFAULT_WIDTH = 80


def reply_name(result) -> str:
    path = display_path(result.path)
    return path if result.record_id is None else f"{path} [{result.record_id}]"


def finding_where(path: str, f) -> str:
    """`path:line:col: rule [severity]`, the part of a finding's line editors link."""
    return f"{display_path(path)}:{f.line}:{f.column}: {f.rule} [{f.severity}]"


def finding_head(path: str, f) -> str:
    """`path:line:col: rule [severity] message`: a finding's first line, shared with concise."""
    return f"{finding_where(path, f)} {f.message}"


def is_clean(result) -> bool:
    return not result.findings and not result.notices and not result.min_score_failure


def own_notices(result) -> list[str]:
    """Notices the findings do not already say (a not-linted finding repeats its notice, in
    the interface language)."""
    said = {f.message for f in result.findings if f.rule == NOT_LINTED}
    if not said:
        return list(result.notices)
    return [notice for notice in result.notices if not_linted_message(notice, result.ui_lang) not in said]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(replies: int, clean_hidden: int, by_severity: dict[str, int], errors) -> str:
    """`43 replies checked (8 clean, not shown), 65 findings: 23 errors, 42 warnings`."""
    text = f"{replies} repl{'y' if replies == 1 else 'ies'} checked"
    if clean_hidden:
        text += f" ({clean_hidden} clean, not shown)"
    total = sum(by_severity.values())
    text += f", {_plural(total, 'finding')}"
    if total:
        text += ": " + ", ".join(_plural(by_severity[s], s) for s in reversed(SEVERITIES) if by_severity.get(s))
    if errors:
        text += f", {_plural(len(errors), 'input error')}"
    return text


class Layout:
    """A reply's block as (line, style) pairs, wrapped to `width`. Messages, hints and
    suggestions repeat from reply to reply, so their wrapped form is kept."""

    def __init__(self, width: int = DEFAULT_WIDTH):
        self.width = max(width, 40)
        self.wrapped: dict[tuple[str, int, int], list[str]] = {}
        self.details: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}  # a few per rule

    def wrap(self, text: str, indent: int, lead: str = "") -> list[str]:
        """`lead` + `text` cut at spaces (never inside a word, never inside `lead`) into lines
        of `width`; continuation lines indented by `indent`."""
        if len(lead) + len(text) <= self.width:
            return [lead + text]
        key = (text, indent, len(lead))  # the lead (a path and position) changes, its length rarely
        found = self.wrapped.get(key)
        if found is None:
            if len(self.wrapped) > 10_000:
                self.wrapped.clear()
            found = self.wrapped[key] = textwrap.wrap(
                text, self.width, initial_indent=" " * len(lead), subsequent_indent=" " * indent,
                break_long_words=False, break_on_hyphens=False) or [" " * len(lead)]
        return [lead + found[0][len(lead):], *found[1:]]

    def _styled(self, text: str, style: str, indent: int, lead: str = "") -> list[tuple[str, str]]:
        return [(piece, style) for piece in self.wrap(text, indent, lead)]

    def finding(self, path: str, f) -> list[tuple[str, str]]:
        lines = self._styled(f.message, STYLES[f.severity], DETAIL_INDENT, lead=finding_where(path, f) + " ")
        if f.whole_reply:
            lines.append((f"{PAD}(whole reply)", "dim"))
        elif f.text:
            lines += self._styled(f"«{f.text}»", "dim", DETAIL_INDENT + 1, lead=PAD)
        details = self.details.get((f.hint, f.suggestions))
        if details is None:
            details = self.details[(f.hint, f.suggestions)] = self._details(f.hint, f.suggestions)
        return lines + details

    def _details(self, hint: str, suggestions: tuple[str, ...]) -> list[tuple[str, str]]:
        """The fix and try lines: the same for every finding of a rule in a language."""
        lines = self._styled(hint, "green", DETAIL_INDENT + 5, lead=f"{PAD}fix: ") if hint else []
        if suggestions:
            lines += self._styled(" / ".join(suggestions), "green", DETAIL_INDENT + 5, lead=f"{PAD}try: ")
        return lines

    def head(self, result) -> list[tuple[str, str]]:
        """The title (name, language, score) and what the reply's findings do not say."""
        # A reply no rule was applied to has no score worth showing: 100 would read as clean.
        linted = not any(f.rule == NOT_LINTED for f in result.findings)
        title = f"{reply_name(result)}  ·  {result.lang or '??'}  ·  " + (
            f"score {result.score}/100" if linted else "not linted")
        lines = [(title, "bold")]  # one line, however long: it names the reply
        if result.min_score_failure:
            lines += self._styled(result.min_score_failure, "bold red", 4, lead="  fails: ")
        for notice in own_notices(result):
            lines += self._styled(notice, "dim", 4, lead="  note: ")
        return lines

    def block(self, result) -> str:
        lines = [line for line, _style in self.head(result)]
        for finding in result.findings:
            lines.extend(line for line, _style in self.finding(result.path, finding))
        # Nothing the reply or the pack says reaches the terminal as a control sequence.
        return visible("\n".join(lines)) + "\n\n"


class Writer:
    """Streams one block per reply, then the summary. Colour (rich) only when asked;
    `quiet`: findings only (no clean reply, no summary)."""

    def __init__(self, out, *, color: bool = False, width: int = DEFAULT_WIDTH, quiet: bool = False, **_options):
        self.out = out
        self.layout = Layout(width)
        self.quiet = quiet
        self.replies = self.clean_hidden = 0
        self.by_severity: dict[str, int] = {}
        self.held = None  # a clean first reply: shown only if it stays the only one
        self.console = None
        self.reads_findings = color  # see piece()
        if color:
            from rich.console import Console

            self.console = Console(file=out, force_terminal=True, no_color=False, width=self.layout.width,
                                   highlight=False, soft_wrap=True)

    def begin(self) -> None:
        pass

    def piece(self, result, text: str | None = None) -> str | None:
        # Plain: the whole block. Colour: the reply text; result() marks up the findings in it.
        if self.console is None:
            return "" if is_clean(result) else self.layout.block(result)
        return text

    def result(self, result, piece: str | None = None) -> None:
        self.replies += 1
        for f in result.findings:
            self.by_severity[f.severity] = self.by_severity.get(f.severity, 0) + 1
        if self.held is not None:
            self.held = None
            self.clean_hidden += 1
        if is_clean(result):
            if self.replies == 1 and not self.quiet:
                self.held = (result, piece)
            else:
                self.clean_hidden += 1
            return
        self._write(result, piece)

    def _write(self, result, piece: str | None) -> None:
        if self.console is None:
            self.out.write(piece if piece else self.layout.block(result))
            return
        from rich.text import Text

        for line, style in self.layout.head(result):
            self.console.print(Text(visible(line), style=style))
        if piece and result.findings:
            marked = Text(same_width(piece.rstrip("\n")))
            for f in result.findings:
                if f.span.end > f.span.start:
                    marked.stylize(MARK_STYLES[f.severity], f.span.start, f.span.end)
            self.console.print(marked, soft_wrap=False)
        for finding in result.findings:
            for line, style in self.layout.finding(result.path, finding):
                self.console.print(Text(visible(line), style=style))
        self.console.print()

    def end(self, errors) -> None:
        if self.held is not None:
            self._write(*self.held)
        if self.quiet:
            return
        lines = self.layout.wrap(summary(self.replies, self.clean_hidden, self.by_severity, errors), 2)
        if self.console is None:
            self.out.write("\n".join(lines) + "\n")
        else:
            from rich.text import Text

            for line in lines:
                self.console.print(Text(line, style="bold"))


def render(results, errors=(), **options) -> str:
    """The whole report as one string (see report.render_all)."""
    from . import render_all

    return render_all(Writer, results, errors, **options)
