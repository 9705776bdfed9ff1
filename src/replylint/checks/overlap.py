"""kind: overlap - flags a reply that never names what the customer complained about.

Needs the complaint text. Content words and numbers of both are compared by lemma stem (so
"списали" and "списание" count as the same subject, and words of one `synonyms` group as one word);
fires below `min_shared` common stems.
"""
from __future__ import annotations

from ..model import Span, Token
from .base import ReplyContext

CONTENT_POS = frozenset({"NOUN", "VERB", "INFN", "ADJF", "ADJS", "PRTF", "PRTS", "GRND", "ADVB"})
OPTIONS = {"min_shared": int, "stem": int, "min_complaint_words": int, "ignore": dict, "synonyms": dict}
NEEDS_MATCHES = False
WHOLE_REPLY = True


def validate_options(options: dict, fail) -> None:
    for key, value in options.items():
        if key not in OPTIONS:
            fail(key, f"kind 'overlap' takes options {', '.join(OPTIONS)}, not '{key}'")
        expected = OPTIONS[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            fail(key, f"option '{key}' must be of type {expected.__name__}")
        if key == "ignore":
            for lang, words in value.items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    fail(key, f"ignore.{lang} must be a list of words")
        if key == "synonyms":
            for lang, groups in value.items():
                if not isinstance(groups, list) or not all(
                    isinstance(g, list) and len(g) >= 2 and all(isinstance(w, str) for w in g) for g in groups
                ):
                    fail(key, f"synonyms.{lang} must be a list of word groups (lists of two words or more)")


# Bulgarian nouns and adjectives carry the article and plural as endings (шев, шева, шевът,
# топла, топлата) that the lemmatiser often keeps; they are cut before comparing.
_BG_ENDINGS = ("ията", "ата", "ята", "ото", "ето", "ите", "ове", "еве", "ът", "ят", "та",
               "то", "те", "а", "я", "и", "о", "е")


def _stem(form: str, stem: int, lang: str) -> str:
    if lang == "bg":
        for ending in _BG_ENDINGS:
            if form.endswith(ending) and len(form) - len(ending) >= 3:
                form = form[: -len(ending)]
                break
    return form[:stem]


class _Vocabulary:
    """A rule's options turned into look-ups once, with a memo of each word form's keys."""

    MEMO_LIMIT = 200_000

    def __init__(self, options: dict):
        self.options = options
        self.stem = options.get("stem", 5)
        self.ignore = {lang: set(words) for lang, words in options.get("ignore", {}).items()}
        self.synonyms: dict[tuple[str, str], str] = {}
        for lang, groups in options.get("synonyms", {}).items():
            for number, group in enumerate(groups):
                for word in group:
                    key = _stem(word.lower().replace("ё", "е"), self.stem, lang)
                    self.synonyms[(lang, key)] = f"~{lang}{number}"
        self._memo: dict[str, dict[str, frozenset[str]]] = {}  # language -> form -> keys

    def keys(self, tokens: tuple[Token, ...]) -> set[str]:
        """Stems of the content words and the numbers (sums, hours, dates) of a text."""
        keys: set[str] = set()
        memo: dict[str, frozenset[str]] = {}
        memo_lang = None
        for token in tokens:
            if token.lang != memo_lang:
                memo_lang = token.lang
                memo = self._memo.setdefault(memo_lang, {})
            found = memo.get(token.lower)
            if found is None:
                if len(memo) >= self.MEMO_LIMIT:
                    memo.clear()
                found = memo[token.lower] = self._token_keys(token)
            keys |= found
        return keys

    def _token_keys(self, token: Token) -> frozenset[str]:
        if token.lower.isdigit():
            return frozenset({token.lower})
        skip = self.ignore.get(token.lang, ())
        if token.lower in skip or any(p.lemma in skip for p in token.parses):
            return frozenset()
        has_pos = any(p.grammemes for p in token.parses)
        if has_pos and not any(p.grammemes & CONTENT_POS for p in token.parses):
            return frozenset()
        # Without grammemes (bg, en) the surface form is a key too: lemmatisers miss some forms.
        forms = {p.lemma for p in token.parses} | ({token.lower} if not has_pos else set())
        # Compound words count by their parts too: "премиум-подписка", "Wi-Fi".
        forms |= {part for form in forms if "-" in form for part in form.split("-")}
        keys = set()
        for form in forms:
            form = form.replace("'", "")  # кур'єр, м'ясо: the apostrophe is part of the word
            if len(form) >= 3 and form.isalpha():
                key = _stem(form, self.stem, token.lang)
                keys.add(self.synonyms.get((token.lang, key), key))
        return frozenset(keys)


_VOCABULARIES: dict[int, _Vocabulary] = {}


def _vocabulary(options: dict) -> _Vocabulary:
    found = _VOCABULARIES.get(id(options))
    if found is None or found.options is not options:
        found = _VOCABULARIES[id(options)] = _Vocabulary(options)
    return found


def find(rule, context: ReplyContext) -> list[Span]:
    if not context.complaint_tokens or not context.tokens:
        return []
    options = rule.options
    vocabulary = _vocabulary(options)
    complaint = vocabulary.keys(context.complaint_tokens)
    reply = vocabulary.keys(context.tokens)
    if len(complaint) < options.get("min_complaint_words", 4):
        return []
    if len(complaint & reply) >= options.get("min_shared", 1):
        return []
    return [context.reply_point("opening")]
