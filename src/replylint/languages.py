"""The languages replylint reads: one `Language` record each, in one registry that every step
asks (detection, segmenting, analysers, matching, the pack loader, the command line).

Adding a language is a record here (or `register()` at run time), an analyser, and the rule
pack's sections for it. Not for analysing words: see morph/.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typing's Callable costs milliseconds at import; annotations are strings here
    from collections.abc import Callable


@dataclass(frozen=True)
class WordHint:
    """Spelling that points to a language: a letter inside the word (Bulgarian ъ) or an ending."""

    weight: float
    inner_letter: str | None = None
    endings: tuple[str, ...] = ()

    def holds(self, word: str) -> bool:
        if self.inner_letter is not None:
            return self.inner_letter in word[1:-1]
        return word.endswith(self.endings)


@dataclass(frozen=True)
class Language:
    """What replylint knows of one language, apart from its analyser's dictionaries."""

    code: str
    name: str
    script: str  # "cyrillic" or "latin": detection first decides the script
    # Letters only this language writes among the supported ones (ы э ё, і ї є ґ, ѝ).
    letters: str
    # Its most frequent short words, counted by detection and ranked common by the pack index.
    function_words: frozenset[str]
    # Words that turn a phrase around when they stand just before it ("не", "not").
    negations: frozenset[str]
    # Verbs after which a colon opens a quoted customer message ("wrote:", «написали:»);
    # regular-expression fragments.
    quote_attribution: tuple[str, ...]
    # The analyser: a callable taking the language code (created lazily, once per process).
    analyser: Callable[[str], object]
    # Whether the analyser gives grammemes and inflects (`{вернуть}` in fixes, `<VERB,past>`).
    inflects: bool = False
    # Article and plural endings the lemmatiser keeps (Bulgarian), cut before comparing words.
    article_endings: tuple[str, ...] = ()
    # Word endings that negate too ("n't").
    negation_suffixes: tuple[str, ...] = ()
    # Comparatives after which a negation word is part of a bound, not a negation of what
    # follows: "тем не менее мы вернём", "не позднее пятницы", "no later than Friday".
    negation_bounds: frozenset[str] = frozenset()
    # A spelling hint for detection; hints are tried in `hint_order`, the first that holds counts.
    word_hint: WordHint | None = None
    hint_order: int = 0


def _pymorphy(code: str):
    from .morph.pymorphy import PymorphyAnalyser

    return PymorphyAnalyser(code)


def _lemmagen(code: str):
    from .morph.lemmagen import LemmagenAnalyser

    return LemmagenAnalyser(code)


_BUILT_IN = (
    Language(
        code="ru", name="Russian", script="cyrillic", letters="ыэё",
        function_words=frozenset("""и в не на что это мы вы я с как по за вас вам ваш ваша ваши у к но уже
            было если или от так был была мне нам нас его её их очень будет спасибо извините
            который которая чтобы когда также только мой моя мои при никаких нет ни где
            почему уже даже после через для""".split()),
        negations=frozenset({"не", "ни", "нет"}),
        negation_bounds=frozenset({"менее", "позднее", "позже", "более"}),
        quote_attribution=("написали?", "написала", "писали"),
        analyser=_pymorphy, inflects=True,
        word_hint=WordHint(0.5, endings=("ние", "ого", "ому")), hint_order=1,
    ),
    Language(
        code="uk", name="Ukrainian", script="cyrillic", letters="іїєґ",
        function_words=frozenset("""і й в у не на що це ми ви я з як по за вас вам ваш ваша ваші до але вже
            було якщо або від так був була мені нам нас його її їх дуже буде дякуємо вибачте
            який яка щоб коли також лише тільки мій моя мої при жодних немає ні де
            чому навіть після через для""".split()),
        negations=frozenset({"не", "ні", "нема", "немає"}),
        negation_bounds=frozenset({"менше", "пізніше", "більше"}),
        quote_attribution=("написав", "написала"),
        analyser=_pymorphy, inflects=True,
        word_hint=WordHint(1.0, endings=("ння",)), hint_order=2,
    ),
    Language(
        code="bg", name="Bulgarian", script="cyrillic", letters="ѝ",
        function_words=frozenset("""и в не на че това ние вие аз с като по за вас ви ваш ваша вашите до но
            вече беше ако или от така бил била ни нас го я им много ще благодарим съжаляваме
            който която за да когато също само се сме са е съм мой моя моите при никакви
            няма нито къде защо дори след през""".split()),
        negations=frozenset({"не", "нито", "няма"}),
        negation_bounds=frozenset({"по-късно", "повече"}),
        quote_attribution=("написахте", "писахте", "написа", "пишете"),
        analyser=_lemmagen,
        article_endings=("ията", "ата", "ята", "ото", "ето", "ите", "ове", "еве", "ът", "ят", "та",
                         "то", "те", "а", "я", "и", "о", "е"),
        # A hard sign inside a word is rare in Russian, absent in Ukrainian, common in Bulgarian.
        word_hint=WordHint(1.5, inner_letter="ъ"), hint_order=0,
    ),
    Language(
        code="en", name="English", script="latin", letters="",
        function_words=frozenset("""the and to of a in is it you we your our for on that this with be are was
            not have has will can please sorry thank thanks i my me us""".split()),
        negations=frozenset({"not", "never", "no", "nobody's", "isn't", "wasn't", "aren't", "don't",
                             "doesn't", "didn't", "won't", "can't", "cannot", "weren't"}),
        negation_suffixes=("n't",),
        negation_bounds=frozenset({"later", "less", "more"}),
        quote_attribution=("wrote",),
        analyser=_lemmagen,
    ),
)

_REGISTRY: dict[str, Language] = {language.code: language for language in _BUILT_IN}
# Bumped by register(): modules that derive tables from the registry rebuild them when it moves.
generation = 0


def register(language: Language) -> None:
    """Add (or replace) a language for this process: a test's toy language, a plug-in's."""
    global generation
    _REGISTRY[language.code] = language
    generation += 1


def unregister(code: str) -> None:
    """Remove a language registered at run time (a test's toy language)."""
    global generation
    _REGISTRY.pop(code, None)
    generation += 1


def codes() -> tuple[str, ...]:
    """The codes of every registered language, in registry order (detection's tie order)."""
    return tuple(_REGISTRY)


def get(code: str) -> Language | None:
    return _REGISTRY.get(code)


def all_languages() -> tuple[Language, ...]:
    return tuple(_REGISTRY.values())
