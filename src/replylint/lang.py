"""Detect the language of a reply or a sentence: ru, uk, bg, en, or None when unsupported.

Letters unique to one language and its most frequent short words are counted; no model is
loaded, so detection costs microseconds and works offline.
"""
from __future__ import annotations

import re

SUPPORTED = ("ru", "uk", "bg", "en")

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")

_LETTERS = {
    "ru": "ыэё",
    "uk": "іїєґ",
    "bg": "ѝ",
}

FUNCTION_WORDS = {
    "ru": set("""и в не на что это мы вы я с как по за вас вам ваш ваша ваши у к но уже
        было если или от так был была мне нам нас его её их очень будет спасибо извините
        который которая чтобы когда также только мой моя мои при никаких нет ни где
        почему уже даже после через для""".split()),
    "uk": set("""і й в у не на що це ми ви я з як по за вас вам ваш ваша ваші до але вже
        було якщо або від так був була мені нам нас його її їх дуже буде дякуємо вибачте
        який яка щоб коли також лише тільки мій моя мої при жодних немає ні де
        чому навіть після через для""".split()),
    "bg": set("""и в не на че това ние вие аз с като по за вас ви ваш ваша вашите до но
        вече беше ако или от така бил била ни нас го я им много ще благодарим съжаляваме
        който която за да когато също само се сме са е съм мой моя моите при никакви
        няма нито къде защо дори след през""".split()),
    "en": set("""the and to of a in is it you we your our for on that this with be are was
        not have has will can please sorry thank thanks i my me us""".split()),
}

_LANGS_OF_WORD: dict[str, tuple[str, ...]] = {}
for _lang, _vocab in FUNCTION_WORDS.items():
    for _word in _vocab:
        _LANGS_OF_WORD[_word] = _LANGS_OF_WORD.get(_word, ()) + (_lang,)
_LANG_OF_LETTER = {letter: lang for lang, letters in _LETTERS.items() for letter in letters}
_DISTINCTIVE = re.compile("[" + "".join(_LANG_OF_LETTER) + "]")
# Every ASCII byte but a-z, deleted to count the Latin letters of a text in one C call.
_NOT_LATIN = bytes(b for b in range(128) if not 97 <= b <= 122)
_NOTHING = (0.0, 0.0, 0.0, 0.0)
# Word -> its evidence as (ru, uk, bg, en); the common case, no evidence, is _NOTHING.
_WORD_EVIDENCE: dict[str, tuple[float, float, float, float]] = {}
_WORD_EVIDENCE_LIMIT = 200_000


def _evidence(word: str) -> tuple[float, float, float, float]:
    scores = dict.fromkeys(SUPPORTED, 0.0)
    for lang in _LANGS_OF_WORD.get(word, ()):
        scores[lang] += 1.0
    # A hard sign inside a word is rare in Russian, absent in Ukrainian, common in Bulgarian.
    if "ъ" in word[1:-1]:
        scores["bg"] += 1.5
    # Endings typical of one language: -ние/-ого/-ому (ru), -ння (uk).
    elif word.endswith(("ние", "ого", "ому")):
        scores["ru"] += 0.5
    elif word.endswith("ння"):
        scores["uk"] += 1.0
    found = tuple(scores[lang] for lang in SUPPORTED)
    return _NOTHING if found == _NOTHING else found


def evidence(text: str) -> tuple[float, float, float, float]:
    """Evidence for each language, in SUPPORTED order: distinctive letters count 2, frequent
    words 1 each. A tuple, for callers that score every sentence of every reply."""
    lowered = text.lower()
    ru = uk = bg = en = 0.0
    for word in _WORD.findall(lowered):
        found = _WORD_EVIDENCE.get(word)
        if found is None:
            if len(_WORD_EVIDENCE) >= _WORD_EVIDENCE_LIMIT:
                _WORD_EVIDENCE.clear()
            found = _WORD_EVIDENCE[word] = _evidence(word)
        if found is not _NOTHING:
            ru += found[0]
            uk += found[1]
            bg += found[2]
            en += found[3]
    for letter in _DISTINCTIVE.findall(lowered):
        lang = _LANG_OF_LETTER[letter]
        if lang == "ru":
            ru += 2.0
        elif lang == "uk":
            uk += 2.0
        else:
            bg += 2.0
    ascii_part = lowered.encode("ascii", "ignore")
    latin = len(ascii_part.translate(None, _NOT_LATIN))
    non_ascii = len(lowered) - len(ascii_part)
    # Non-ASCII characters are mostly Cyrillic letters here; a rough count decides the script.
    if non_ascii > latin:
        return (ru, uk, bg, 0.0)
    return (0.0, 0.0, 0.0, en)


def has_letters_of(text: str, lang: str) -> bool:
    """True when the text holds a letter only `lang` writes (ы, ї, ѝ…) or, for Bulgarian, a
    hard sign inside a word: function words (да, за, по) are shared by the Cyrillic languages,
    letters are not."""
    lowered = text.lower()
    if any(letter in lowered for letter in _LETTERS.get(lang, "")):
        return True
    return lang == "bg" and any("ъ" in word[1:-1] for word in _WORD.findall(lowered))


def language_scores(text: str) -> dict[str, float]:
    """evidence() by language code."""
    return dict(zip(SUPPORTED, evidence(text)))


def detect(text: str) -> str | None:
    """Best supported language of `text`, or None if the text gives no evidence for any."""
    scores = language_scores(text)
    best = max(scores, key=scores.get)
    if scores[best] <= 0:
        return None
    return best
