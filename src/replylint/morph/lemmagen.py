"""Bulgarian and English lemmas from Lemmagen's compiled models (shipped in the wheel).

These languages have no grammemes here: rules for them use lemmas, exact forms and
word prefixes.
"""
from __future__ import annotations

from lemmagen3 import Lemmatizer

from ..model import Parse
from . import COMMON_GRAMMEMES, normalise


class LemmagenAnalyser:
    def __init__(self, lang: str):
        self.lang = lang
        self._lemmatizer = Lemmatizer(lang)
        self.grammemes = COMMON_GRAMMEMES
        self._cache: dict[str, tuple[Parse, ...]] = {}

    def parse(self, word: str) -> tuple[Parse, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        lemma = normalise(self._lemmatizer.lemmatize(word) or word)
        readings = [Parse(lemma, frozenset(), 1.0)]
        if lemma != word:
            # The surface form stays a reading too: "data", "news" and many Bulgarian
            # definite forms are their own dictionary entries.
            readings.append(Parse(word, frozenset(), 0.5))
        result = tuple(readings)
        self._cache[word] = result
        return result

    def inflect(self, lemma: str, grammemes: frozenset[str]) -> str | None:
        """Lemmagen only lemmatises: no forms can be generated."""
        return None
