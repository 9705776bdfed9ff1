"""--format concise: one line per finding, `path:line:col: rule [severity] message «words»`
(ruff's concise form), never wrapped, then the text format's summary line.

For large runs and for editors' problem matchers; replies without findings are not listed.
A score under --min-score and the notices are one line each, `path: …`.
"""
from __future__ import annotations

from .terminal import visible
from .text import finding_head, is_clean, own_notices, reply_name, summary


def _line(path: str, f) -> str:
    words = " (whole reply)" if f.whole_reply else f" «{f.text}»" if f.text.strip() else ""
    return finding_head(path, f) + words + "\n"


class Writer:
    """Streams the lines; `quiet` leaves out the summary."""
    reads_findings = False  # the piece holds the lines; result() only counts severities

    def __init__(self, out, *, quiet: bool = False, **_options):
        self.out = out
        self.quiet = quiet
        self.replies = self.clean = 0
        self.by_severity: dict[str, int] = {}

    def begin(self) -> None:
        pass

    @staticmethod
    def piece(result, text: str | None = None) -> str:
        lines = []
        if result.min_score_failure:
            lines.append(f"{reply_name(result)}: min-score [error] {result.min_score_failure}\n")
        lines.extend(f"{reply_name(result)}: note: {notice}\n" for notice in own_notices(result))
        lines.extend(_line(result.path, f) for f in result.findings)
        return visible("".join(lines))

    def result(self, result, piece: str) -> None:
        self.replies += 1
        self.clean += is_clean(result)
        for f in result.findings:
            self.by_severity[f.severity] = self.by_severity.get(f.severity, 0) + 1
        self.out.write(piece)

    def end(self, errors) -> None:
        if not self.quiet:
            self.out.write(summary(self.replies, self.clean, self.by_severity, errors) + "\n")


def render(results, errors=(), **options) -> str:
    """The whole report as one string (see report.render_all)."""
    from . import render_all

    return render_all(Writer, results, errors, **options)
