"""Document -> tokens: words with offsets, lemmas and grammemes from each sentence's analyser.

Not for matching: rules see tokens only through match.py.
"""
from __future__ import annotations

import re

from .model import Document, Parse, Token
from .morph import analyser_for, normalise

# Unicode words, keeping apostrophes and hyphens inside them (м'ясо, обов’язково, из-за,
# don't); e-mail addresses and links are single tokens so rules can refer to them.
_TOKEN = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,;:!?)])"
    r"|(?P<word>\w+(?:[-'’ʼ`]\w+)*)"
)

_EMAIL = (Parse("@email", frozenset({"EMAIL"})),)
_URL = (Parse("@url", frozenset({"URL"})),)


def _is_masked(start: int, end: int, doc: Document) -> bool:
    return any(span.start < end and start < span.end for span in doc.masked)


_READINGS: dict[tuple[str, str], tuple[tuple[Parse, ...], frozenset[str]]] = {}
_READINGS_LIMIT = 500_000  # words; a bounded cache keeps memory flat on huge archives


def _readings(lower: str, lang: str, analyser) -> tuple[tuple[Parse, ...], frozenset[str]]:
    key = (lang, lower)
    found = _READINGS.get(key)
    if found is None:
        if lower.isdigit():
            parses = (Parse(lower, frozenset({"NUMB"})),)
        elif analyser is None:
            parses = (Parse(lower, frozenset()),)
        elif lower.isascii() and lang != "en":
            parses = (Parse(lower, frozenset({"LATN"})),)
        else:
            parses = analyser.parse(lower)
        if len(_READINGS) >= _READINGS_LIMIT:
            _READINGS.clear()
        found = _READINGS[key] = (parses, frozenset(p.lemma for p in parses) | {lower})
    return found


def tokenize(doc: Document) -> tuple[Token, ...]:
    tokens = []
    for sentence in doc.sentences:
        analyser = analyser_for(sentence.lang) if sentence.lang else None
        for m in _TOKEN.finditer(doc.text, sentence.start, sentence.end):
            if doc.masked and _is_masked(m.start(), m.end(), doc):
                continue
            surface = m.group(0)
            lower = normalise(surface)
            if m.group("email"):
                parses, lemmas = _EMAIL, frozenset({"@email", lower})
            elif m.group("url"):
                parses, lemmas = _URL, frozenset({"@url", lower})
            else:
                parses, lemmas = _readings(lower, sentence.lang or "", analyser)
            tokens.append(
                Token(
                    text=surface,
                    start=m.start(),
                    end=m.end(),
                    sentence=sentence.index,
                    lang=sentence.lang or "",
                    lower=lower,
                    lemmas=lemmas,
                    parses=parses,
                )
            )
    return tuple(tokens)
