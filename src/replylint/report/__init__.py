"""Formatters: Results -> text for one --format each. They never match or score.

Each format has a streaming Writer: begin(), then result(result, piece) per reply in input
order, then end(errors). `piece(result, text)` is the part of one reply's output that needs
no writer state (its JSON, its block of plain text) or what of the reply the format shows
(its text); a long run makes it in the worker that linted the reply, so rendering goes in
parallel and the main process only writes. `reads_findings` says whether result() needs
the findings themselves; when it does not, a worker sends back only each finding's rule and
severity (for --statistics and --fail-on).
"""
from __future__ import annotations

import importlib

FORMATS = ("text", "concise", "json", "html", "sarif", "github")
# Formats for people: --statistics goes beside them on stdout, not on stderr.
HUMAN_FORMATS = ("text", "concise")


def render_all(writer_class, results, errors=(), *, texts=None, **options) -> str:
    """A whole report as one string, through a format's streaming Writer (tests, small runs);
    `texts` maps (path, id) to the reply text for formats that show it."""
    import io

    buffer = io.StringIO()
    writer = writer_class(buffer, **options)
    writer.begin()
    for result in results:
        writer.result(result, writer.piece(result, (texts or {}).get((result.path, result.record_id))))
    writer.end(errors)
    return buffer.getvalue()


def renderer(name: str):
    """The module for --format NAME, imported only when asked for."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    return importlib.import_module(f".{name}", __name__)
