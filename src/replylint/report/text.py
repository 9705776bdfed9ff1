"""--format text: the reply with each finding marked in place, then one line per finding.

Colour only on a terminal; plain, diff-friendly text otherwise.
"""
from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

STYLES = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
MARK_STYLES = {"error": "underline red", "warning": "underline yellow", "suggestion": "underline cyan"}


def _title(result) -> str:
    name = result.path if result.record_id is None else f"{result.path} [{result.record_id}]"
    return f"{name}  ·  {result.lang or '??'}  ·  score {result.score}/100"


def _annotated(result, text: str) -> Text:
    marked = Text(text.rstrip("\n"))
    for finding in result.findings:
        if finding.span.end > finding.span.start:
            marked.stylize(MARK_STYLES[finding.severity], finding.span.start, finding.span.end)
    return marked


def render(results, errors=(), *, texts=None, color: bool = False, width: int = 100, **_options) -> str:
    """`texts` maps (path, id) to the reply text so it can be shown with the marks in place."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width,
                      highlight=False, soft_wrap=True)
    shown = 0
    for result in results:
        shown += 1
        console.print(Text(_title(result), style="bold"))
        text = (texts or {}).get((result.path, result.record_id))
        if text and result.findings:
            console.print(_annotated(result, text))
        for notice in result.notices:
            console.print(Text(f"  note: {notice}", style="dim"))
        for f in result.findings:
            line = Text("  ")
            line.append(f"{f.line}:{f.column}", style="dim")
            line.append("  ")
            line.append(f"{f.severity:<10}", style=STYLES[f.severity])
            line.append(f" {f.rule:<22} ", style="bold")
            line.append(f.message)
            console.print(line)
            if f.text:
                console.print(Text(f"      «{f.text}»", style="dim"))
            if f.hint:
                console.print(Text(f"      fix: {f.hint}", style="green"))
            if f.suggestions:
                console.print(Text(f"      try: {' / '.join(f.suggestions)}", style="green"))
        console.print()
    total = sum(len(r.findings) for r in results)
    summary = f"{shown} repl{'y' if shown == 1 else 'ies'} checked, {total} finding{'s' * (total != 1)}"
    if errors:
        summary += f", {len(errors)} input error{'s' * (len(errors) != 1)}"
    console.print(Text(summary, style="bold"))
    return buffer.getvalue()
