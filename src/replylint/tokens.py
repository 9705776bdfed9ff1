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
                parses = _EMAIL
            elif m.group("url"):
                parses = _URL
            elif lower.isdigit():
                parses = (Parse(lower, frozenset({"NUMB"})),)
            elif analyser is None:
                parses = (Parse(lower, frozenset()),)
            elif lower.isascii() and sentence.lang not in ("en",):
                parses = (Parse(lower, frozenset({"LATN"})),)
            else:
                parses = analyser.parse(lower)
            lemmas = frozenset(p.lemma for p in parses) | {lower}
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
