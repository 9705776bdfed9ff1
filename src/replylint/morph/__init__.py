"""The analyser interface: word -> readings (lemma, grammemes, score), one back end per language.

Back ends are created lazily on first use and cached for the process, so a reply in one
language never pays for the dictionaries of the others.
"""
from __future__ import annotations

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


def normalise(word: str) -> str:
    """Fold case, ё and apostrophe variants so that lemmas compare equal across spellings."""
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'").replace("`", "'")


@lru_cache(maxsize=None)
def analyser_for(lang: str) -> Analyser:
    """The language's analyser, made on first use (its dictionaries load then) and kept."""
    from .. import languages

    language = languages.get(lang)
    if language is None:
        raise ValueError(f"no analyser for language {lang!r}")
    return language.analyser(lang)
