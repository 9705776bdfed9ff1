"""HTML templates: tags, comments, scripts and styles blanked by spaces, entities decoded in
place, so every offset of the reply is an offset of the file. Not an HTML validator."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..model import Reply
from ..segment import placeholder_spans
from ..suppress import extract
from ..tokens import merged_spans, overlaps_any

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


def strip_markup(text: str) -> str:
    """The text with markup blanked, same length and line breaks; placeholders kept."""
    placeholders = merged_spans(placeholder_spans(text))

    def kept(start: int) -> bool:
        return overlaps_any(start, start + 1, placeholders)

    chars = list(text)
    for m in _HIDDEN.finditer(text):
        if not kept(m.start()):
            _blank(chars, m.start(), m.end())
    # The last visible character before the tag in hand, found by scanning back only over
    # what lies after the previous tag: looking back from every tag over the blanks of all
    # the tags before it was quadratic ("<div>" * 20000 took minutes).
    last_visible = -1
    scanned = 0
    for m in _TAG.finditer(text):
        if kept(m.start()) or chars[m.start()] != "<":
            continue
        for i in range(m.start() - 1, scanned - 1, -1):
            if not chars[i].isspace():
                last_visible = i
                break
        scanned = m.end()
        _blank(chars, m.start(), m.end())
        # Closing a block ends a sentence: a full stop in place of the tag's "<".
        if _BLOCK_TAG.match(m.group(0)) and last_visible >= 0 and chars[last_visible] not in _SENTENCE_END_CHARS:
            chars[m.start()] = "."
            last_visible = m.start()
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
