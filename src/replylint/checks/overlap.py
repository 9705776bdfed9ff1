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


_GROUPS: dict[int, tuple[dict, dict[tuple[str, str], str]]] = {}


def _synonym_map(options: dict, stem: int) -> dict[tuple[str, str], str]:
    """(language, stem) -> the key of its synonym group, built once per rule's options."""
    entry = _GROUPS.get(id(options))
    if entry is not None and entry[0] is options:
        return entry[1]
    cached: dict[tuple[str, str], str] = {}
    for lang, groups in options.get("synonyms", {}).items():
        for number, group in enumerate(groups):
            for word in group:
                cached[(lang, _stem(word.lower().replace("ё", "е"), stem, lang))] = f"~{lang}{number}"
    _GROUPS[id(options)] = (options, cached)
    return cached


def _keys(tokens: tuple[Token, ...], stem: int, ignore: dict, synonyms: dict | None = None) -> set[str]:
    """Stems of the content words and the numbers (sums, hours, dates) of a text."""
    keys = set()
    for token in tokens:
        if token.lower.isdigit():
            keys.add(token.lower)
            continue
        skip = ignore.get(token.lang, ())
        if token.lower in skip or any(p.lemma in skip for p in token.parses):
            continue
        has_pos = any(p.grammemes for p in token.parses)
        if has_pos and not any(p.grammemes & CONTENT_POS for p in token.parses):
            continue
        # Without grammemes (bg, en) the surface form is a key too: lemmatisers miss some forms.
        forms = {p.lemma for p in token.parses} | ({token.lower} if not has_pos else set())
        # Compound words count by their parts too: "премиум-подписка", "Wi-Fi".
        forms |= {part for form in forms if "-" in form for part in form.split("-")}
        for form in forms:
            form = form.replace("'", "")  # кур'єр, м'ясо: the apostrophe is part of the word
            if len(form) >= 3 and form.isalpha():
                key = _stem(form, stem, token.lang)
                keys.add(synonyms.get((token.lang, key), key) if synonyms else key)
    return keys


def find(rule, context: ReplyContext) -> list[Span]:
    if not context.complaint_tokens or not context.tokens:
        return []
    options = rule.options
    stem = options.get("stem", 5)
    ignore = {lang: set(words) for lang, words in options.get("ignore", {}).items()}
    synonyms = _synonym_map(options, stem)
    complaint = _keys(context.complaint_tokens, stem, ignore, synonyms)
    reply = _keys(context.tokens, stem, ignore, synonyms)
    if len(complaint) < options.get("min_complaint_words", 4):
        return []
    if len(complaint & reply) >= options.get("min_shared", 1):
        return []
    return [context.sentence_span("opening")]
