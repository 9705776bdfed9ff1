"""--format json: the stable machine contract, one Result serialised as is.

{"version", "results": [{"path", "id", "lang", "ui_lang", "score", "notices", "findings": [{"rule",
"severity", "message", "line", "column", "end_line", "end_column", "text", "suggestions"}]}],
"errors": [{"path", "line", "column", "message"}]}. Lines and columns are 1-based and counted
in characters; end_column points just past the last flagged character. `ui_lang` is the
language (en, ru, uk, bg) of the findings' messages; notices and errors are in English.
"""
from __future__ import annotations

import json

from ..model import display_path

SCHEMA_VERSION = "1"
# One encoder for every result: json.dumps with options builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def result_record(result) -> dict:
    return {
        "path": display_path(result.path),
        "id": result.record_id,
        "lang": result.lang,
        "ui_lang": result.ui_lang,
        "score": result.score,
        # A score below --min-score is told as one more notice: old readers see it, unchanged.
        "notices": [*result.notices, result.min_score_failure] if result.min_score_failure else list(result.notices),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "line": f.line,
                "column": f.column,
                "end_line": f.end_line,
                "end_column": f.end_column,
                "text": f.text,
                "suggestions": list(f.suggestions),
            }
            for f in result.findings
        ],
    }


class Writer:
    """Streams the document: results are written as they come, errors at the end."""
    reads_findings = False  # the piece holds them; result() only writes it

    def __init__(self, out, **_options):
        self.out = out
        self.count = 0

    def begin(self) -> None:
        self.out.write(f'{{"version": "{SCHEMA_VERSION}", "results": [')

    @staticmethod
    def piece(result, text: str | None = None) -> str:
        return _ENCODE(result_record(result))

    def result(self, result, piece: str) -> None:
        self.out.write(("," if self.count else "") + "\n  " + piece)
        self.count += 1

    def end(self, errors) -> None:
        records = [{"path": display_path(e.path), "line": e.line, "column": e.column, "message": e.message} for e in errors]
        self.out.write(("\n" if self.count else "") + '], "errors": ' + json.dumps(records, ensure_ascii=False) + "}\n")


def render(results, errors=(), **options) -> str:
    """The whole report as one string (see report.render_all)."""
    from . import render_all

    return render_all(Writer, results, errors, **options)
