"""Russian and Ukrainian readings from pymorphy3's dictionaries."""
from __future__ import annotations

import pymorphy3
from pymorphy3.tagset import OpencorporaTag

from ..model import Parse
from . import COMMON_GRAMMEMES, normalise

# A reading much less likely than the best one is dropped: "стали" is the verb стать (0.975),
# not the noun сталь (0.011), and a rule about steel must not fire on it.
RELATIVE_SCORE_FLOOR = 0.1


class PymorphyAnalyser:
    def __init__(self, lang: str):
        self.lang = lang
        self._morph = pymorphy3.MorphAnalyzer(lang=lang)
        self.grammemes = frozenset(OpencorporaTag.KNOWN_GRAMMEMES) | COMMON_GRAMMEMES
        self._cache: dict[str, tuple[Parse, ...]] = {}

    def parse(self, word: str) -> tuple[Parse, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        raw = self._morph.parse(word)
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
