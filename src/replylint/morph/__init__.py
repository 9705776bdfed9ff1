"""The analyser interface: word -> readings (lemma, grammemes, score), one back end per language.

Back ends are created lazily on first use and cached for the process, so a reply in one
language never pays for the dictionaries of the others.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Protocol

from ..model import Parse

# Pseudo-grammemes every back end gives, so rule packs can use them in any language.
COMMON_GRAMMEMES = frozenset({"NUMB", "LATN", "EMAIL", "URL"})


class Analyser(Protocol):
    lang: str
    grammemes: frozenset[str]

    def parse(self, word: str) -> tuple[Parse, ...]:
        """Readings of a lower-cased word, most likely first."""

    def inflect(self, lemma: str, grammemes: frozenset[str]) -> str | None:
        """The form of `lemma` with these grammemes; None where the back end cannot say."""


# Characters that may sit inside a word without making it another word: invisible ones (soft
# hyphen, zero-width space, joiners, direction marks, variation selectors) and combining
# accents (a stress mark: до́лг). The tokenizer keeps them in the word; matching ignores them.
INVISIBLE = "\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff\U000e0100-\U000e01ef"
COMBINING = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_INSIDE_WORD = re.compile(f"[{INVISIBLE}{COMBINING}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_COMBINING = re.compile(f"[{COMBINING}]")
# Accents dropped before composing: all but those that make letters of their own (й ў: breve,
# ё ї: diaeresis, ѝ: grave).
_ACCENTS = re.compile(f"(?![\u0300\u0306\u0308])[{COMBINING}]")


def _without_marks(word: str) -> str:
    """The word without invisible characters and accents; letters written in parts (и + ̆)
    composed (й). A letter composed in the text (ѓ) is left alone: only words that hold a
    mark come here, so every other word normalises as it always did."""
    bare = _ACCENTS.sub("", unicodedata.normalize("NFD", _INVISIBLE.sub("", word)))
    return _COMBINING.sub("", unicodedata.normalize("NFC", bare))


def normalise(word: str) -> str:
    """Fold case, ё and apostrophe variants so that lemmas compare equal across spellings;
    drop invisible characters and accents."""
    if not word.isascii() and _INSIDE_WORD.search(word):
        word = _without_marks(word)
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'").replace("`", "'")


@lru_cache(maxsize=None)
def analyser_for(lang: str) -> Analyser:
    """The language's analyser, made on first use (its dictionaries load then) and kept."""
    from .. import languages

    language = languages.get(lang)
    if language is None:
        raise ValueError(f"no analyser for language {lang!r}")
    return language.analyser(lang)
