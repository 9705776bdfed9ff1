"""File formats -> replies: one reader module per format, each keeping positions in the file.

Markup (Markdown, HTML) is blanked by spaces so offsets stay valid; a template inside YAML,
JSON or CSV carries an Origin. Not for finding files (discover.py) or decoding bytes (inputs).
"""
from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass

# Suffix -> reader module. JSONL batches are streamed by inputs.py, line by line.
READERS = {
    ".txt": "plain", ".text": "plain",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".yaml": "collection", ".yml": "collection", ".json": "collection",
    ".csv": "table", ".tsv": "table",
}
# Template files (Liquid, Jinja, Handlebars): plain text, or Markdown or HTML when the suffix
# before says so (`reply.html.j2`); their {{ }} and {% %} tags are masked as placeholders. A
# templated YAML, JSON or CSV file is not a collection of replies until it is rendered.
TEMPLATE_SUFFIXES = (".liquid", ".j2", ".hbs")
_TEMPLATE_READERS = ("markdown", "html")
SUFFIXES = tuple(READERS) + TEMPLATE_SUFFIXES + (".jsonl",)
# Field (or CSV column) names, first found wins.
TEXT_FIELDS = ("text", "reply", "body", "content", "template", "message")
NAME_FIELDS = ("name", "id", "title", "key")
SUPPRESS_FIELD = "replylint-disable"


@dataclass(frozen=True)
class ReadOptions:
    """What a reader needs besides the file: forced language, the complaint, the CSV column."""

    lang: str | None = None
    complaint: str | None = None
    csv_column: str | None = None


def reader_for(path: str) -> str:
    """The reader module name for a path; unknown suffixes (and stdin) read as plain text."""
    name = path[path.rfind("/") + 1:].lower()
    if name.endswith(TEMPLATE_SUFFIXES):
        inner = reader_for(name[:name.rfind(".")])
        return inner if inner in _TEMPLATE_READERS else "plain"
    dot = name.rfind(".")
    return READERS.get(name[dot:], "plain") if dot >= 0 else "plain"


def read_text(path: str, text: str, options: ReadOptions) -> Iterator:
    """Replies (or InputErrors) from one decoded file."""
    module = importlib.import_module(f".{reader_for(path)}", __name__)
    yield from module.replies(path, text, options)
