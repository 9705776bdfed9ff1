"""kind: overlap - flags a reply that never names what the customer complained about.

Needs the complaint text. Content words of both are compared by lemma stem (so "списали" and
"списание" count as the same subject); sharing a single word is not enough on a long complaint.
"""
from __future__ import annotations

from ..model import Span, Token
from .base import ReplyContext

CONTENT_POS = frozenset({"NOUN", "VERB", "INFN", "ADJF", "ADJS", "PRTF", "PRTS", "GRND", "ADVB"})
OPTIONS = {"min_shared": int, "min_ratio": float, "stem": int, "ignore": dict}


def validate_options(options: dict, fail) -> None:
    for key, value in options.items():
        if key not in OPTIONS:
            fail(key, f"kind 'overlap' takes options {', '.join(OPTIONS)}, not '{key}'")
        expected = OPTIONS[key]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            fail(key, f"option '{key}' must be of type {expected.__name__}")
        if key == "ignore":
            for lang, words in value.items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    fail(key, f"ignore.{lang} must be a list of words")


def _keys(tokens: tuple[Token, ...], stem: int, ignore: dict) -> set[str]:
    keys = set()
    for token in tokens:
        skip = ignore.get(token.lang, ())
        has_pos = any(p.grammemes for p in token.parses)
        if has_pos and not any(p.grammemes & CONTENT_POS for p in token.parses):
            continue
        for lemma in {p.lemma for p in token.parses}:
            if len(lemma) < 3 or lemma in skip or not lemma.isalpha():
                continue
            keys.add(lemma[:stem])
    return keys


def find(rule, context: ReplyContext) -> list[Span]:
    if not context.complaint_tokens or not context.tokens:
        return []
    options = rule.options
    stem = options.get("stem", 5)
    ignore = {lang: set(words) for lang, words in options.get("ignore", {}).items()}
    complaint = _keys(context.complaint_tokens, stem, ignore)
    reply = _keys(context.tokens, stem, ignore)
    if not complaint:
        return []
    shared = complaint & reply
    if len(shared) >= options.get("min_shared", 2):
        return []
    if len(shared) / len(complaint) >= options.get("min_ratio", 0.25):
        return []
    return [context.sentence_span("opening")]
