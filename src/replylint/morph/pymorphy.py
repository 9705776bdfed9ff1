"""Russian and Ukrainian readings from pymorphy3's dictionaries."""
from __future__ import annotations

import pymorphy3
from pymorphy3.tagset import OpencorporaTag

from ..model import Parse
from . import COMMON_GRAMMEMES, normalise

# A reading much less likely than the best one is dropped: "стали" is the verb стать (0.975),
# not the noun сталь (0.011), and a rule about steel must not fire on it.
RELATIVE_SCORE_FLOOR = 0.1


def _dictionary_path(lang: str) -> str | None:
    """The dictionary package's own path: asking it directly skips pymorphy3's scan of every
    installed package's entry points, which costs more than loading the dictionary."""
    try:
        if lang == "ru":
            import pymorphy3_dicts_ru as dicts
        else:
            import pymorphy3_dicts_uk as dicts
        return dicts.get_path()
    except (ImportError, AttributeError):
        return None  # pymorphy3 then finds the dictionary itself


class PymorphyAnalyser:
    def __init__(self, lang: str):
        self.lang = lang
        self._morph = pymorphy3.MorphAnalyzer(path=_dictionary_path(lang), lang=lang)
        self.grammemes = frozenset(OpencorporaTag.KNOWN_GRAMMEMES) | COMMON_GRAMMEMES
        self._cache: dict[str, tuple[Parse, ...]] = {}

    def parse(self, word: str) -> tuple[Parse, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        try:
            raw = self._morph.parse(word)
        except ValueError:
            # pymorphy3 asks unicodedata for the name of each character; characters without
            # one (Tangut, unassigned code points) raise. Such a word has no dictionary reading.
            raw = []
        best = raw[0].score if raw else 0.0
        readings = []
        seen = set()
        for p in raw:
            if p.score < best * RELATIVE_SCORE_FLOOR:
                continue
            grammemes = frozenset(p.tag.grammemes)
            key = (p.normal_form, grammemes)
            if key in seen:
                continue
            seen.add(key)
            readings.append(Parse(normalise(p.normal_form), grammemes, p.score))
        if not readings:
            readings.append(Parse(normalise(word), frozenset(), 1.0))
        result = tuple(readings)
        self._cache[word] = result
        return result

    def is_known(self, word: str) -> bool:
        """Whether the dictionary has the word; otherwise its readings are the predictor's guesses."""
        return self._morph.word_is_known(word)

    def inflect(self, lemma: str, grammemes: frozenset[str]) -> str | None:
        """The form of dictionary word `lemma` with these grammemes, or None if it has none."""
        for p in self._morph.parse(lemma):
            if normalise(p.normal_form) != normalise(lemma):
                continue
            try:
                form = p.inflect(set(grammemes))
            except ValueError:  # a grammeme this language's tag set does not have (uk: indc)
                continue
            if form is not None:
                return form.word
        return None
