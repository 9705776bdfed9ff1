"""--format github: GitHub Actions workflow commands, one annotation per finding.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` puts the finding on
the pull request's diff. Severities map to error / warning / notice.
"""
from __future__ import annotations

from ..model import display_path

LEVELS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, line: int | None, column: int | None, message: str, *,
               end_line: int | None = None, end_column: int | None = None, title: str | None = None) -> str:
    """One workflow command; without a line it is about the whole file."""
    props = [f"file={_escape_property(display_path(path))}"]
    if line is not None:
        props += [f"line={line}", f"col={column}"]
    if end_line is not None:
        props.append(f"endLine={end_line}")
    if end_column is not None and end_line == line:
        props.append(f"endColumn={end_column}")  # GitHub reads it only on a one-line range
    if title:
        props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}\n"


def _quoted(f) -> str:
    if f.whole_reply:
        return " (whole reply)"
    return f" «{f.text}»" if f.text.strip() else ""


class Writer:
    """Streams one workflow command per finding and per input error."""
    reads_findings = False  # the piece holds them; result() only writes it

    def __init__(self, out, **_options):
        self.out = out

    def begin(self) -> None:
        pass

    @staticmethod
    def piece(result, text: str | None = None) -> str:
        where = f"[{result.record_id}] " if result.record_id is not None else ""
        out = "".join(annotation(LEVELS[f.severity], result.path, f.line, f.column,
                                 f"{where}{f.message}" + _quoted(f),
                                 end_line=None if f.whole_reply else f.end_line, end_column=f.end_column,
                                 title=f"replylint {f.rule}")
                      for f in result.findings)
        if result.min_score_failure:
            out += annotation("error", result.path, None, None, where + result.min_score_failure,
                              title="replylint min-score")
        return out

    def result(self, result, piece: str) -> None:
        self.out.write(piece)

    def end(self, errors) -> None:
        for e in errors:
            self.out.write(annotation("error", e.path, e.line, e.column, e.message, title="replylint input error"))


def render(results, errors=(), **options) -> str:
    """The whole report as one string (see report.render_all)."""
    from . import render_all

    return render_all(Writer, results, errors, **options)
