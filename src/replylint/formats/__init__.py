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
SUFFIXES = tuple(READERS) + (".jsonl",)
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
    dot = path.rfind(".")
    return READERS.get(path[dot:].lower(), "plain") if dot > path.rfind("/") else "plain"


def read_text(path: str, text: str, options: ReadOptions) -> Iterator:
    """Replies (or InputErrors) from one decoded file."""
    module = importlib.import_module(f".{reader_for(path)}", __name__)
    yield from module.replies(path, text, options)
