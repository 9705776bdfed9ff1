"""Markdown templates: syntax (headings, emphasis, list markers, link targets, code, tables,
front matter, raw HTML) blanked by spaces so offsets stay those of the file. `>` quotes are
kept: segment masks them as the customer's words. Not a CommonMark parser."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Reply
from ..segment import placeholder_spans
from ..suppress import extract
from ..tokens import merged_spans, overlaps_any
from .html import strip_markup

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~).*?^[ \t]{0,3}\1[^\n]*$", re.DOTALL | re.MULTILINE)
# Whole constructs that are not words of the reply. Every pattern here and below stops at the
# next opener ("](", "![") and no two runs of blanks meet without a mark between them: a
# line of a million blanks (HTML tags blanked) or of "[a](" made them quadratic.
_HIDE = re.compile(
    r"`[^`\n]+`"                                   # inline code
    r"|!\[[^\[\]\n]*\]\((?:[^)\]\n]|\](?!\())*\)"   # image
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$"        # link reference definition
    r"|^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$"        # thematic break
    r"|^[ \t]*(=+|-+)[ \t]*$"                      # setext underline
    r"|^[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+(?:\|[ \t]*)?$",  # table delimiter row
    re.MULTILINE,
)
# Syntax around words: the words stay, the marks go.
_MARKS = re.compile(
    r"^[ \t]{0,3}#{1,6}(?=[ \t]|$)|(?<![ \t])[ \t]+#+[ \t]*$"  # ATX heading marks
    r"|^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?"  # list item (and task box)
    r"|\]\((?:[^)\]\n]|\](?!\())*\)|\]\[[^\]\n]*\]|\["  # link: keep the text, drop the target
    r"|\*\*|__|~~"                                 # strong, strikethrough
    r"|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)"        # emphasis at word edges only
    r"|\\(?=[^\w\s])"                              # backslash escape
    r"|\|",                                        # table cell border
    re.MULTILINE,
)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def strip_syntax(text: str) -> str:
    """The text with Markdown syntax blanked, same length and line breaks; placeholders kept."""
    placeholders = merged_spans(placeholder_spans(text))

    def kept(start: int, end: int) -> bool:
        return overlaps_any(start, end, placeholders)

    chars = list(strip_markup(text))
    visible = "".join(chars)
    for pattern in (_FRONT_MATTER, _FENCE, _HIDE, _MARKS):
        for m in pattern.finditer(visible):
            if m.end() > m.start() and not kept(m.start(), m.end()):
                _blank(chars, m.start(), m.end())
        visible = "".join(chars)
    return visible


def replies(path: str, text: str, options) -> Iterator[Reply]:
    body, suppressions = extract(text)
    yield Reply(path=path, text=strip_syntax(body), lang=options.lang, complaint=options.complaint,
                suppressions=suppressions)
