"""--format text: the reply with each finding marked in place, then one line per finding.

On a terminal rich colours the flagged words; otherwise the output is plain, diff-friendly
text written without rich (which is both slow to import and slow for bulk output).
"""
from __future__ import annotations

STYLES = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
MARK_STYLES = {"error": "underline red", "warning": "underline yellow", "suggestion": "underline cyan"}


def _title(result) -> str:
    name = result.path if result.record_id is None else f"{result.path} [{result.record_id}]"
    return f"{name}  ·  {result.lang or '??'}  ·  score {result.score}/100"


def _finding_lines(f) -> list[tuple[str, str]]:
    """(text, style) pieces of one finding: the head line, then the details."""
    lines = [(f"  {f.line}:{f.column}  {f.severity:<10} {f.rule:<22} {f.message}", STYLES[f.severity])]
    if f.text:
        lines.append((f"      «{f.text}»", "dim"))
    if f.hint:
        lines.append((f"      fix: {f.hint}", "green"))
    if f.suggestions:
        lines.append((f"      try: {' / '.join(f.suggestions)}", "green"))
    return lines


def _summary(results, errors) -> str:
    shown = len(results)
    total = sum(len(r.findings) for r in results)
    summary = f"{shown} repl{'y' if shown == 1 else 'ies'} checked, {total} finding{'s' * (total != 1)}"
    if errors:
        summary += f", {len(errors)} input error{'s' * (len(errors) != 1)}"
    return summary


def _plain(results, errors) -> str:
    out: list[str] = []
    for result in results:
        out.append(_title(result))
        out.extend(f"  note: {notice}" for notice in result.notices)
        for finding in result.findings:
            out.extend(text for text, _style in _finding_lines(finding))
        out.append("")
    out.append(_summary(results, errors))
    return "\n".join(out) + "\n"


def _coloured(results, errors, texts, width: int) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False, soft_wrap=True)
    for result in results:
        console.print(Text(_title(result), style="bold"))
        text = texts.get((result.path, result.record_id))
        if text and result.findings:
            marked = Text(text.rstrip("\n"))
            for f in result.findings:
                if f.span.end > f.span.start:
                    marked.stylize(MARK_STYLES[f.severity], f.span.start, f.span.end)
            console.print(marked)
        for notice in result.notices:
            console.print(Text(f"  note: {notice}", style="dim"))
        for finding in result.findings:
            for line, style in _finding_lines(finding):
                console.print(Text(line, style=style))
        console.print()
    console.print(Text(_summary(results, errors), style="bold"))
    return buffer.getvalue()


def render(results, errors=(), *, texts=None, color: bool = False, width: int = 100, **_options) -> str:
    """`texts` maps (path, id) to the reply text so a terminal can show the marks in place."""
    if color:
        return _coloured(results, errors, texts or {}, width)
    return _plain(results, errors)
