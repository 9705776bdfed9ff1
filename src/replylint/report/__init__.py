"""Formatters: Results -> text for one --format each. They never match or score."""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "html", "sarif", "github")


def render_all(writer_class, results, errors=(), *, texts=None, **options) -> str:
    """A whole report as one string, through a format's streaming Writer (tests, small runs);
    `texts` maps (path, id) to the reply text for formats that show it."""
    import io

    buffer = io.StringIO()
    writer = writer_class(buffer, **options)
    writer.begin()
    for result in results:
        writer.result(result, (texts or {}).get((result.path, result.record_id)))
    writer.end(errors)
    return buffer.getvalue()


def renderer(name: str):
    """The module for --format NAME, imported only when asked for."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    return importlib.import_module(f".{name}", __name__)
