"""HTML templates: tags, comments, scripts and styles blanked by spaces, entities decoded in
place, so every offset of the reply is an offset of the file. Not an HTML validator."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..model import Reply
from ..segment import placeholder_spans
from ..suppress import extract

# An unclosed comment or script runs to the end of the file, as in a browser; it also keeps
# the scan linear (a file of a thousand "<!--" made each one search the rest of the file).
_HIDDEN = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|head|title)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>")
_BLOCK_TAG = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|hr|header|footer)\b",
    re.IGNORECASE)
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Closing a paragraph ends a sentence: mark it with a full stop unless one is already there,
# since a line break would shift every line number after it.
_SENTENCE_END_CHARS = ".!?…:;"


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _end_sentence(chars: list[str], at: int) -> None:
    i = at - 1
    while i >= 0 and chars[i].isspace():
        i -= 1
    if i >= 0 and chars[i] not in _SENTENCE_END_CHARS:
        chars[at] = "."


def strip_markup(text: str) -> str:
    """The text with markup blanked, same length and line breaks; placeholders kept."""
    keep = placeholder_spans(text)

    def kept(start: int) -> bool:
        return any(s.start <= start < s.end for s in keep)

    chars = list(text)
    for m in _HIDDEN.finditer(text):
        if not kept(m.start()):
            _blank(chars, m.start(), m.end())
    for m in _TAG.finditer(text):
        if kept(m.start()) or chars[m.start()] != "<":
            continue
        _blank(chars, m.start(), m.end())
        if _BLOCK_TAG.match(m.group(0)):
            _end_sentence(chars, m.start())
    for m in _ENTITY.finditer(text):
        decoded = html.unescape(m.group(0))
        if len(decoded) == 1 and chars[m.start()] == "&":
            _blank(chars, m.start(), m.end())
            chars[m.start()] = decoded
    return "".join(chars)


def replies(path: str, text: str, options) -> Iterator[Reply]:
    body, suppressions = extract(text)
    yield Reply(path=path, text=strip_markup(body), lang=options.lang, complaint=options.complaint,
                suppressions=suppressions)
