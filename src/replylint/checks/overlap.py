"""kind: overlap - flags a reply that never names what the customer complained about.

Needs the complaint text. Content words and numbers of both are compared by lemma stem (so
"списали" and "списание" count as the same subject, and words of one `synonyms` group as one word);
fires below `min_shared` common stems, unless the reply acts on the case without naming it (a
sentence where a rule listed in `addressed_by` finds its patterns, naming little else). A word the dictionary does not know ("дриллю") is compared
by a shorter prefix, as its guessed lemma is unreliable. A complaint with fewer than
`min_complaint_words` content words is too short to judge: a notice, no finding.
"""
from __future__ import annotations

import re

from ..model import Span, Token
from .. import languages
from ..morph import analyser_for
from .base import ReplyContext

CONTENT_POS = frozenset({"NOUN", "VERB", "INFN", "ADJF", "ADJS", "PRTF", "PRTS", "GRND", "ADVB"})
# "2-те", "3-го", "5-й": a number with a grammatical ending is the number.
_NUMBER_WITH_ENDING = re.compile(r"(\d+)-[^\W\d_]{1,3}")
# An unknown word and the words of the other text are compared by this many first letters.
_GUESS_PREFIX = 4
OPTIONS = {"min_shared": int, "stem": int, "min_complaint_words": int, "ignore": dict, "synonyms": dict,
           "addressed_by": list}
NEEDS_MATCHES = False
WHOLE_REPLY = True


def references(options: dict) -> tuple[str, ...]:
    """The rule ids this rule's options name, which must exist in the pack."""
    return tuple(options.get("addressed_by", ()))


def validate_options(options: dict, fail) -> None:
    for key, value in options.items():
        if key not in OPTIONS:
            fail(key, f"kind 'overlap' takes options {', '.join(OPTIONS)}, not '{key}'")
        expected = OPTIONS[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            fail(key, f"option '{key}' must be of type {expected.__name__}")
        if key == "addressed_by" and not all(isinstance(r, str) for r in value):
            fail(key, "addressed_by is a list of rule ids")
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
                for group in groups:
                    for word in group:
                        # Words are compared one by one: a phrase or a number in a group can never match.
                        if not word.replace("'", "").replace("’", "").replace("-", "").isalpha():
                            fail(key, f"synonyms.{lang}: '{word}' can never match (one word of letters only)")


def _stem(form: str, stem: int, lang: str) -> str:
    # Bulgarian nouns and adjectives carry the article and plural as endings (шев, шева, шевът,
    # топла, топлата) that the lemmatiser often keeps; the language's endings are cut first.
    language = languages.get(lang)
    for ending in language.article_endings if language else ():
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

    def keys(self, tokens: tuple[Token, ...]) -> tuple[set[str], int]:
        """Stems of the content words and the numbers (sums, hours, dates) of a text, and how
        many of its words gave one (a word with several readings is still one word)."""
        keys: set[str] = set()
        words = 0
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
            if found:
                words += 1
                keys |= found
        return keys, words

    def guessed_prefixes(self, tokens: tuple[Token, ...]) -> set[str]:
        """Short prefixes of the content words a dictionary analyser (ru, uk) does not know."""
        prefixes = set()
        for token in tokens:
            is_known = getattr(analyser_for(token.lang), "is_known", None) if languages.get(token.lang) else None
            if is_known and len(token.lower) > _GUESS_PREFIX and token.lower.isalpha() \
                    and self._token_keys(token) and not is_known(token.lower):
                prefixes.add(token.lower.replace("ё", "е")[:_GUESS_PREFIX])
        return prefixes

    def _token_keys(self, token: Token) -> frozenset[str]:
        if token.lower.isdigit():
            return frozenset({token.lower})
        number = _NUMBER_WITH_ENDING.fullmatch(token.lower)
        if number:
            return frozenset({number.group(1)})
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
    complaint, complaint_words = vocabulary.keys(context.complaint_tokens)
    if complaint_words < options.get("min_complaint_words", 4):
        context.notices.append(f"{rule.id}: the complaint is too short to tell whether the reply addresses it")
        return []
    reply, _ = vocabulary.keys(context.tokens)
    if len(complaint & reply) >= options.get("min_shared", 1):
        return []
    if _guessed_word_shared(vocabulary, context, complaint, reply):
        return []
    if _acts_without_naming(vocabulary, context, options.get("addressed_by", ())):
        return []
    return [context.reply_point("opening")]


# An action sentence of at most this many content words (the action included) is about the case.
_ELLIPTIC_ACTION_WORDS = 4


def _acts_without_naming(vocabulary: _Vocabulary, context: ReplyContext, rules: tuple[str, ...]) -> bool:
    """A reply that acts on the case without naming it ("Refunded!", "just fixed it for you",
    «проблема была исправлена»): another rule's evidence of an action (missing-next-step's
    patterns) in a sentence that names next to nothing else. An action on something else ("we
    refunded the shipping cost", "our opening hours are extended") names its own object."""
    sentences = {found.sentence for other in rules for found in context.found(other, "patterns")}
    for sentence in sentences:
        words = tuple(t for t in context.tokens if t.sentence == sentence and not t.lower.isdigit())
        if len(vocabulary.keys(words)[0]) <= _ELLIPTIC_ACTION_WORDS:
            return True
    return False


def _guessed_word_shared(vocabulary: _Vocabulary, context: ReplyContext, complaint: set[str], reply: set[str]) -> bool:
    """A word unknown to the dictionary on one side whose first letters begin a word of the other
    ("дриллю" and "дриль"); checked only when the stems found nothing in common."""
    def starts(keys: set[str]) -> set[str]:
        return {key[:_GUESS_PREFIX] for key in keys if len(key) >= _GUESS_PREFIX}

    return bool(vocabulary.guessed_prefixes(context.tokens) & starts(complaint)
                or vocabulary.guessed_prefixes(context.complaint_tokens) & starts(reply))
