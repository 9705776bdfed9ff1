"""Document -> tokens: words with offsets, lemmas and grammemes from each sentence's analyser.

Not for matching: rules see tokens only through match.py.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from . import languages
from .model import Document, Parse, Token
from .morph import COMBINING, INVISIBLE, analyser_for, normalise

# Unicode words, keeping apostrophes and hyphens inside them (м'ясо, обов’язково, из-за,
# don't) and invisible characters and accents after a letter (аннули\u00adровали, до́лг: their
# normal form drops them, the token keeps its place in the text); e-mail addresses and links
# are single tokens so rules can refer to them.
# The e-mail local part is tried only from the start of a run and for at most 64 characters
# (the RFC 5321 limit): unbounded, "a.a.a.…" made every dot rescan the rest of the line.
_WORD = rf"(?P<word>\w[\w{INVISIBLE}{COMBINING}]*(?:[-'’ʼ`]\w[\w{INVISIBLE}{COMBINING}]*)*)"
_TOKEN = re.compile(
    r"(?P<email>(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,;:!?)])"
    r"|" + _WORD
)
# Most texts hold no "@" and no link: then only words can match, and trying the e-mail
# alternative at every word (a scan of the word, then a step back) is skipped.
_WORDS_ONLY = re.compile(_WORD)

_EMAIL = (Parse("@email", frozenset({"EMAIL"})),)
_URL = (Parse("@url", frozenset({"URL"})),)


def merged_spans(spans) -> tuple[list[int], list[int]]:
    """Spans as sorted, disjoint (starts, ends), so a look-up is a bisection rather than a
    scan of every span (a reply of a million placeholders stays linear)."""
    starts: list[int] = []
    ends: list[int] = []
    for span in sorted(spans, key=lambda s: s.start):
        if ends and span.start <= ends[-1]:
            ends[-1] = max(ends[-1], span.end)
        else:
            starts.append(span.start)
            ends.append(span.end)
    return starts, ends


def overlaps_any(start: int, end: int, merged: tuple[list[int], list[int]]) -> bool:
    """Whether [start, end) overlaps one of the merged_spans."""
    starts, ends = merged
    i = bisect_left(starts, end) - 1  # the last span that starts before this word ends
    return i >= 0 and ends[i] > start


# language -> surface form -> (normalised form, readings, lemmas); bounded so that memory
# stays flat on huge archives with an open vocabulary.
_READINGS: dict[str, dict[str, tuple[str, tuple[Parse, ...], frozenset[str]]]] = {}
_READINGS_LIMIT = 500_000


def _script(lang: str) -> str | None:
    language = languages.get(lang)
    return language.script if language else None


def _readings(surface: str, lang: str, analyser) -> tuple[str, tuple[Parse, ...], frozenset[str]]:
    known = _READINGS.setdefault(lang, {})
    found = known.get(surface)
    if found is None:
        lower = normalise(surface)
        if lower.isdigit():
            parses = (Parse(lower, frozenset({"NUMB"})),)
        elif analyser is None:
            parses = (Parse(lower, frozenset()),)
        elif lower.isascii() and _script(lang) != "latin":
            # A Latin word in a Cyrillic reply (a brand, a code) has no dictionary reading.
            parses = (Parse(lower, frozenset({"LATN"})),)
        else:
            parses = analyser.parse(lower)
        if len(known) >= _READINGS_LIMIT:
            known.clear()
        found = known[surface] = (lower, parses, frozenset(p.lemma for p in parses) | {lower})
    return found


def tokenize(doc: Document) -> tuple[Token, ...]:
    tokens = []
    masked = merged_spans(doc.masked) if doc.masked else None
    text = doc.text
    words_only = not ("@" in text or "://" in text or "www." in text)
    scanner = _WORDS_ONLY if words_only else _TOKEN
    for sentence in doc.sentences:
        lang = sentence.lang or ""
        analyser = analyser_for(lang) if lang else None
        readings = _READINGS.get(lang) or {}
        index = sentence.index
        for m in scanner.finditer(text, sentence.start, sentence.end):
            start, end = m.span()
            if masked is not None and overlaps_any(start, end, masked):
                continue
            surface = m.group(0)
            if words_only or m.lastgroup == "word":
                found = readings.get(surface)
                lower, parses, lemmas = found if found is not None else _readings(surface, lang, analyser)
            else:
                lower = normalise(surface)
                parses = _EMAIL if m.lastgroup == "email" else _URL
                lemmas = frozenset({parses[0].lemma, lower})
            tokens.append(_new_token(Token, (surface, start, end, index, lang, lower, lemmas, parses)))
    return tuple(tokens)


# Token(...) runs a Python-level __new__; building the tuple directly skips that call, which
# showed in profiles of large batches (a token per word).
_new_token = tuple.__new__
