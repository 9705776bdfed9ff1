"""--format json: the stable machine contract, one Result serialised as is.

{"version", "results": [{"path", "id", "lang", "score", "notices", "findings": [{"rule",
"severity", "message", "line", "column", "end_line", "end_column", "text", "suggestions"}]}],
"errors": [{"path", "line", "column", "message"}]}. Lines and columns are 1-based and counted
in characters; end_column points just past the last flagged character.
"""
from __future__ import annotations

import json

SCHEMA_VERSION = "1"


def result_record(result) -> dict:
    return {
        "path": result.path,
        "id": result.record_id,
        "lang": result.lang,
        "score": result.score,
        "notices": list(result.notices),
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


def render(results, errors=(), **_options) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "results": [result_record(r) for r in results],
        "errors": [
            {"path": e.path, "line": e.line, "column": e.column, "message": e.message}
            for e in errors
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
