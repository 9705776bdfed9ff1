"""Detect the language of a reply or a sentence among the registered ones (languages.py), or
None when unsupported.

Letters unique to one language and its most frequent short words are counted; no model is
loaded, so detection costs microseconds and works offline.
"""
from __future__ import annotations

import re

from . import languages

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
# Every ASCII byte but a-z, deleted to count the Latin letters of a text in one C call.
_NOT_LATIN = bytes(b for b in range(128) if not 97 <= b <= 122)
_WORD_EVIDENCE_LIMIT = 200_000


class _Tables:
    """Look-ups derived from the language registry, built once (and again after register())."""

    def __init__(self):
        self.generation = languages.generation
        self.languages = languages.all_languages()
        self.codes = tuple(language.code for language in self.languages)
        self.column = {code: i for i, code in enumerate(self.codes)}
        self.langs_of_word: dict[str, tuple[int, ...]] = {}
        for i, language in enumerate(self.languages):
            for word in language.function_words:
                self.langs_of_word[word] = self.langs_of_word.get(word, ()) + (i,)
        self.column_of_letter = {letter: i for i, language in enumerate(self.languages) for letter in language.letters}
        self.distinctive = re.compile("[" + "".join(self.column_of_letter) + "]") if self.column_of_letter else None
        self.hints = sorted(((language.hint_order, i, language.word_hint) for i, language in enumerate(self.languages)
                             if language.word_hint), key=lambda hint: (hint[0], hint[1]))
        self.latin = tuple(language.script == "latin" for language in self.languages)
        self.nothing = (0.0,) * len(self.codes)
        # Word -> its evidence, one figure per language; the common case, no evidence, is `nothing`.
        self.word_evidence: dict[str, tuple[float, ...]] = {}

    def word(self, word: str) -> tuple[float, ...]:
        scores = [0.0] * len(self.codes)
        for column in self.langs_of_word.get(word, ()):
            scores[column] += 1.0
        for _order, column, hint in self.hints:
            if hint.holds(word):
                scores[column] += hint.weight
                break
        found = tuple(scores)
        return self.nothing if found == self.nothing else found


_tables = _Tables()


def _current() -> _Tables:
    global _tables
    if _tables.generation != languages.generation:
        _tables = _Tables()
    return _tables


def supported() -> tuple[str, ...]:
    """The language codes detection chooses from, in the order of evidence() tuples."""
    return _current().codes


def evidence(text: str) -> tuple[float, ...]:
    """Evidence for each language, in supported() order: distinctive letters count 2, frequent
    words 1 each, spelling hints their weight. A tuple, for callers that score every sentence
    of every reply."""
    tables = _current()
    nothing = tables.nothing
    cache = tables.word_evidence
    lowered = text.lower()
    totals = list(nothing)
    for word in _WORD.findall(lowered):
        found = cache.get(word)
        if found is None:
            if len(cache) >= _WORD_EVIDENCE_LIMIT:
                cache.clear()
            found = cache[word] = tables.word(word)
        if found is not nothing:
            totals = [a + b for a, b in zip(totals, found)]
    if tables.distinctive is not None:
        column_of_letter = tables.column_of_letter
        for letter in tables.distinctive.findall(lowered):
            totals[column_of_letter[letter]] += 2.0
    ascii_part = lowered.encode("ascii", "ignore")
    latin = len(ascii_part.translate(None, _NOT_LATIN))
    non_ascii = len(lowered) - len(ascii_part)
    # Non-ASCII characters are mostly Cyrillic letters here; a rough count decides the script.
    latin_script = non_ascii <= latin
    return tuple(total if is_latin == latin_script else 0.0 for total, is_latin in zip(totals, tables.latin))


def has_letters_of(text: str, lang: str) -> bool:
    """True when the text holds a letter only `lang` writes (ы, ї, ѝ…) or its inner-letter hint
    (a hard sign inside a Bulgarian word): function words (да, за, по) are shared by the
    Cyrillic languages, letters are not."""
    language = languages.get(lang)
    if language is None:
        return False
    lowered = text.lower()
    if any(letter in lowered for letter in language.letters):
        return True
    hint = language.word_hint
    return bool(hint and hint.inner_letter) and any(hint.holds(word) for word in _WORD.findall(lowered))


def language_scores(text: str) -> dict[str, float]:
    """evidence() by language code."""
    return dict(zip(supported(), evidence(text)))


def detect(text: str) -> str | None:
    """Best supported language of `text`, or None if the text gives no evidence for any."""
    scores = language_scores(text)
    best = max(scores, key=scores.get)
    if scores[best] <= 0:
        return None
    return best
