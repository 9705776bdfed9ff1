"""Where a template string sits in its file: decoded value -> Origin (file line/column).

A YAML, JSON, CSV or JSONL value is not a slice of its file (quotes, escapes, indentation,
folded lines), so each decoded character is aligned with the raw text it came from. Not for
reading formats: see the reader modules beside this one.
"""
from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re

from ..model import Anchor, Origin

# How far ahead a character is looked for (indentation, folded line breaks, a comment).
_ALIGN_WINDOW = 400
_YAML_ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SURROGATE_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")


class SourceText:
    """A file's text (or one line of it, `first_line` giving its number) with line starts."""

    def __init__(self, text: str, first_line: int = 1):
        self.text = text
        self.first_line = first_line
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + self.first_line, offset - self.line_starts[line] + 1


def _escape_length(raw: str, k: int, quoting: str) -> int:
    if quoting == "json":
        if raw.startswith("\\u", k):
            return 12 if _SURROGATE_PAIR.match(raw, k) else 6
        return 2
    if quoting == "yaml-double":
        return _YAML_ESCAPE_LENGTHS.get(raw[k + 1:k + 2], 2)
    return 2  # '' in single-quoted YAML, "" in a quoted CSV field


_ESCAPE_CHARS = {"json": "\\", "yaml-double": "\\", "yaml-single": "'", "csv": '"'}


def _raw_offsets(value: str, raw: str, start: int, end: int, quoting: str | None) -> list[int]:
    """For each character of `value` (and its end) the offset in `raw` it was decoded from."""
    escape = _ESCAPE_CHARS.get(quoting or "")
    offsets = []
    j = start
    for ch in value:
        k, length = j, 0
        limit = min(end, j + _ALIGN_WINDOW)
        probe = j
        while probe < limit:
            r = raw[probe]
            if escape is not None and r == escape:
                k, length = probe, _escape_length(raw, probe, quoting)
                break
            if r == ch or (ch.isspace() and r.isspace()):
                k, length = probe, 1
                break
            probe += 1
        offsets.append(k)
        j = k + length
    offsets.append(j)
    return offsets


def origin_of(value: str, source: SourceText, start: int, end: int, quoting: str | None = None) -> Origin:
    """The Origin of `value`, decoded from source.text[start:end] (inside any quotes).
    `quoting`: None (verbatim or indented), "json", "yaml-double", "yaml-single" or "csv"."""
    raw = source.text
    offsets = _raw_offsets(value, raw, start, end, quoting)
    anchors = []
    previous_line = None
    previous_raw = None
    for index, raw_offset in enumerate(offsets):
        line, column = source.position(raw_offset)
        if previous_raw is None or raw_offset != previous_raw + 1 or line != previous_line:
            anchors.append(Anchor(index, line, column))
        previous_raw, previous_line = raw_offset, line
    return Origin(tuple(anchors))


# One JSON escape: a surrogate pair (one character), \uXXXX, or a backslash and one character.
_JSON_ESCAPE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)")


_KEY_PATTERNS: dict[str, re.Pattern] = {}  # field name -> where its key and value start


class JsonFieldOrigin:
    """Where the characters of one string field of a JSONL record sit in the file, worked
    out on first use: most replies of a large batch have no finding, so the record is read
    with the C parser and the field's literal is only located (and its escapes counted)
    when a position is asked for. A JSON literal differs from its value only at escapes,
    each of which decodes to one character."""

    def __init__(self, line: str, number: int, field: str, value: str):
        self.line = line
        self.number = number
        self.field = field
        self.value = value  # the field's decoded value, as the record was parsed
        self._source: SourceText | None = None

    def _literal(self) -> tuple[int, int, int]:
        """(start, end, length) of the field's string literal inside the line, without its
        quotes. The key is looked for directly; only when that is ambiguous (the same key
        and value twice, an escaped key) is the record parsed with positions, more slowly."""
        value = self.value
        found = []
        key = _KEY_PATTERNS.get(self.field)
        if key is None:
            key = _KEY_PATTERNS[self.field] = re.compile(f'"{re.escape(self.field)}"' + r'\s*:\s*"')
        for m in key.finditer(self.line):
            try:
                decoded, after = json.decoder.scanstring(self.line, m.end())
            except ValueError:
                continue
            if decoded == value:
                found.append((m.end(), after - 1, len(value)))
        if len(found) == 1:
            return found[0]
        literal = loads_located(self.line)[self.field]
        return literal.start, literal.end, len(literal)

    def _locate(self) -> None:
        start, end, self._length = self._literal()
        self._start = start
        # For each escape: the index of the character it decodes to, and the raw characters
        # it took beyond one, summed over it and every escape before it.
        self._escaped_at: list[int] = []
        self._extra: list[int] = []
        extra = 0
        for m in _JSON_ESCAPE.finditer(self.line, start, end):
            self._escaped_at.append(m.start() - start - extra)
            extra += m.end() - m.start() - 1
            self._extra.append(extra)
        self._source = SourceText(self.line, first_line=self.number)

    def position(self, offset: int) -> tuple[int, int]:
        if self._source is None:
            self._locate()
        offset = max(0, min(offset, self._length))
        before = bisect.bisect_left(self._escaped_at, offset)  # escapes that decode before it
        return self._source.position(self._start + offset + (self._extra[before - 1] if before else 0))


class LocatedStr(str):
    """A decoded string that remembers where its literal is: [start, end) inside any quotes,
    and how it is quoted there (see origin_of)."""

    start: int = 0
    end: int = 0
    quoting: str | None = "json"


class LocatedDict(dict):
    """A decoded mapping that remembers the offset where it starts."""

    start: int = 0


def _located_scanstring(string, end, strict=True):
    value, after = json.decoder.scanstring(string, end, strict)
    located = LocatedStr(value)
    located.start, located.end = end, after - 1
    return located, after


def _located_object(s_and_end, *args):
    mapping, after = json.decoder.JSONObject(s_and_end, *args)
    located = LocatedDict(mapping)
    located.start = s_and_end[1] - 1
    return located, after


_LOCATED_DECODER: json.JSONDecoder | None = None


def loads_located(text: str):
    """json.loads, but every string value is a LocatedStr and every object a LocatedDict
    (object keys stay plain str)."""
    global _LOCATED_DECODER
    if _LOCATED_DECODER is None:
        decoder = json.JSONDecoder()
        decoder.parse_string = _located_scanstring
        decoder.parse_object = _located_object
        # The C scanner ignores parse_string; the pure-Python one calls it for every value.
        decoder.scan_once = json.scanner.py_make_scanner(decoder)
        _LOCATED_DECODER = decoder
    return _LOCATED_DECODER.decode(text)
