"""--format text: the reply with each finding marked in place, then one line per finding.

On a terminal rich colours the flagged words; otherwise the output is plain, diff-friendly
text written without rich (which is both slow to import and slow for bulk output).
"""
from __future__ import annotations

from ..model import display_path
from .terminal import same_width, visible

STYLES = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
MARK_STYLES = {"error": "underline red", "warning": "underline yellow", "suggestion": "underline cyan"}


def _title(result) -> str:
    path = display_path(result.path)
    name = path if result.record_id is None else f"{path} [{result.record_id}]"
    return f"{name}  ·  {result.lang or '??'}  ·  score {result.score}/100"


def _finding_lines(f) -> list[tuple[str, str]]:
    """(text, style) pieces of one finding: the head line, then the details."""
    location = f"{f.line}:{f.column}"
    lines = [(f"  {location:<7} {f.severity:<10} {f.rule:<22} {f.message}", STYLES[f.severity])]
    if f.text:
        lines.append((f"      «{f.text}»", "dim"))
    if f.hint:
        lines.append((f"      fix: {f.hint}", "green"))
    if f.suggestions:
        lines.append((f"      try: {' / '.join(f.suggestions)}", "green"))
    return lines


def _summary(replies: int, findings: int, errors) -> str:
    summary = f"{replies} repl{'y' if replies == 1 else 'ies'} checked, {findings} finding{'s' * (findings != 1)}"
    if errors:
        summary += f", {len(errors)} input error{'s' * (len(errors) != 1)}"
    return summary


def _plain(result) -> str:
    out = [_title(result)]
    out.extend(f"  note: {notice}" for notice in result.notices)
    for finding in result.findings:
        out.extend(text for text, _style in _finding_lines(finding))
    return "\n".join(out) + "\n\n"


class Writer:
    """Streams one block per reply, then a summary line. Colour (rich) only when asked."""

    def __init__(self, out, *, color: bool = False, width: int = 100, **_options):
        self.out = out
        self.replies = self.findings = 0
        self.console = None
        self.reads_findings = color  # see piece()
        if color:
            from rich.console import Console

            self.console = Console(file=out, force_terminal=True, width=width, highlight=False, soft_wrap=True)

    def begin(self) -> None:
        pass

    def piece(self, result, text: str | None = None) -> str | None:
        # Plain: the whole block. Colour: the reply text; result() marks up the findings in it.
        return visible(_plain(result)) if self.console is None else text

    def result(self, result, piece: str | None = None) -> None:
        self.replies += 1
        self.findings += len(result.findings)
        if self.console is None:
            self.out.write(piece)
            return
        text = piece
        from rich.text import Text

        self.console.print(Text(visible(_title(result)), style="bold"))
        if text and result.findings:
            marked = Text(same_width(text.rstrip("\n")))
            for f in result.findings:
                if f.span.end > f.span.start:
                    marked.stylize(MARK_STYLES[f.severity], f.span.start, f.span.end)
            self.console.print(marked)
        for notice in result.notices:
            self.console.print(Text(visible(f"  note: {notice}"), style="dim"))
        for finding in result.findings:
            for line, style in _finding_lines(finding):
                self.console.print(Text(visible(line), style=style))
        self.console.print()

    def end(self, errors) -> None:
        summary = _summary(self.replies, self.findings, errors)
        if self.console is None:
            self.out.write(summary + "\n")
        else:
            from rich.text import Text

            self.console.print(Text(summary, style="bold"))


def render(results, errors=(), **options) -> str:
    """The whole report as one string (see report.render_all)."""
    from . import render_all

    return render_all(Writer, results, errors, **options)
