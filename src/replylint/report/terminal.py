"""Text bound for a terminal: control characters from replies, ids, rule ids and messages are
shown, never obeyed (`ESC [2J` would clear the screen). Not for layout: see text.py.
"""
from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, and the C1 controls (some terminals obey U+009B as CSI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile("(?P<crlf>\r)(?=\n)|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def visible(text: str) -> str:
    """Output lines with each control character written as its escape (\\x1b, \\r, \\x07), as
    error lines write them; tabs and line breaks are kept."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def _picture(match: re.Match) -> str:
    if match.lastgroup == "crlf":  # a CR that ends a line with its LF: nothing to show
        return " "
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7f else "\ufffd"


def same_width(text: str) -> str:
    """A reply shown with its findings marked: one character for each, so the marks stay on
    their words (rich drops a CR or BEL, which moved every later mark one to the right). A
    control becomes its picture (ESC ␛, BEL ␇, a lone CR ␍), a CR before a LF a space."""
    return _CONTROL_IN_TEXT.sub(_picture, text) if _CONTROL.search(text) else text
