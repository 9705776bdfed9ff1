"""Immutable records shared by every step of the pipeline.

Holds data only: building, matching and rendering live in their own modules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

SEVERITIES = ("suggestion", "warning", "error")
# The finding `check` makes for a reply no rule could be applied to (empty, or in a language
# without rules): a pass it did not earn must not look like a clean reply.
NOT_LINTED = "not-linted"


class ReplylintError(Exception):
    """A problem replylint reports in one line (a configuration, a rule pack) rather than a
    bug: the CLI prints it after `replylint: error: `; the Python API raises it."""


def severity_rank(severity: str) -> int:
    """Order severities so that `fail-on` thresholds can be compared."""
    return SEVERITIES.index(severity)


def one_line(message: str) -> str:
    """An error message as one printable line: line breaks, control characters and lone
    surrogates from a file name or a rule's text are escaped (\\n, \\x1b), never emitted."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in message)


# Git's C-style escapes for a quoted path (quote.c); other control bytes are written in octal.
_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
              "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def display_path(path: str) -> str:
    """A file name fit for any output, as git writes one (core.quotePath): a name that is not
    valid UTF-8 (its bytes arrive from the system as lone surrogates, U+DC80-U+DCFF) is put in
    double quotes, with C escapes and each byte that is not valid text as octal `\\377`;
    valid letters of any script stay as they are. Every other name is returned unchanged."""
    if path.isprintable() or not any("\udc80" <= c <= "\udcff" for c in path):
        return path
    out = []
    for c in path:
        if c in _C_ESCAPES:
            out.append(_C_ESCAPES[c])
        elif "\udc80" <= c <= "\udcff":
            out.append(f"\\{ord(c) - 0xDC00:03o}")
        elif c.isprintable():
            out.append(c)
        else:
            out.extend(f"\\{byte:03o}" for byte in c.encode("utf-8", "surrogatepass"))
    return '"' + "".join(out) + '"'


class Span(NamedTuple):
    """Character offsets [start, end) into the reply text (a named tuple, as Token: one is
    made for every match)."""

    start: int
    end: int


@dataclass(frozen=True)
class Parse:
    """One morphological reading of a word."""

    lemma: str
    grammemes: frozenset[str]
    score: float = 1.0


class Token(NamedTuple):
    """A word of the reply with its readings; `lemmas` are the plausible normal forms.
    A named tuple rather than a frozen dataclass: a batch makes millions of tokens, and a
    tuple is built about four times faster."""

    text: str
    start: int
    end: int
    sentence: int
    lang: str
    lower: str
    lemmas: frozenset[str]
    parses: tuple[Parse, ...]


class Sentence(NamedTuple):
    index: int
    start: int
    end: int
    lang: str | None


@dataclass(frozen=True)
class Document:
    """A reply split into sentences, with the regions that must never be flagged."""

    text: str
    lang: str | None
    sentences: tuple[Sentence, ...]
    masked: tuple[Span, ...]
    line_starts: tuple[int, ...]
    notices: tuple[str, ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, columns counted in characters."""
        from bisect import bisect_right

        line = bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1


class Finding(NamedTuple):
    """One place where a rule fired. A named tuple, as Result: batches make and send (to and
    from worker processes) hundreds of thousands of them."""

    rule: str
    severity: str
    message: str
    span: Span
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    suggestions: tuple[str, ...] = ()
    hint: str = ""
    # About the reply as a whole (something it lacks): `text` is empty and the span is only
    # the point it is anchored at, where the reply starts (or ends).
    whole_reply: bool = False


@dataclass(frozen=True)
class Anchor:
    """Text offset `offset` sits at file `line`:`column` (1-based); the characters after it
    follow on the same file line until the next anchor."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class Origin:
    """Where a reply's text sits in its file, when the text is not the file itself (a
    template inside YAML, JSON, CSV or JSONL): runs of characters contiguous in the file."""

    anchors: tuple[Anchor, ...]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of a text offset."""
        from bisect import bisect_right

        index = max(0, bisect_right([a.offset for a in self.anchors], offset) - 1)
        anchor = self.anchors[index]
        return anchor.line, anchor.column + offset - anchor.offset


@dataclass(frozen=True)
class Suppression:
    """An inline `replylint-disable` marker: the rule ids it silences in its template
    (empty: every rule), and where it is written, to report it when it silences nothing."""

    rules: frozenset[str]
    line: int
    column: int


@dataclass(frozen=True)
class Reply:
    """One reply to lint, as read from a file, a JSONL record or stdin."""

    path: str
    text: str
    record_id: str | None = None
    lang: str | None = None
    complaint: str | None = None
    line_offset: int = 0
    origin: Origin | None = None
    suppressions: tuple[Suppression, ...] = ()
    notices: tuple[str, ...] = ()  # from reading it, e.g. "decoded as cp1251"


class Result(NamedTuple):
    path: str
    record_id: str | None
    lang: str | None
    score: int
    findings: tuple[Finding, ...]
    notices: tuple[str, ...] = ()
    # Why the reply fails the run whatever its findings ("score 80 is below --min-score 90"),
    # for every format to say; empty when it does not.
    min_score_failure: str = ""
    # The language its findings' messages and hints are in (en, ru, uk or bg).
    ui_lang: str = "en"


class FindingBrief(NamedTuple):
    """A finding as the main process needs it once a worker has rendered the report's piece:
    its rule (for --statistics) and severity (for --fail-on). A Result whose findings are
    briefs travels back from a worker for a fraction of the cost of the full one."""

    rule: str
    severity: str
