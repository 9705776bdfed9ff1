"""Text -> Document: sentences with offsets and languages, masked regions, line starts.

Masked regions (quoted customer text, template placeholders) are context, not the company's
words: no token is made from them, so no rule can flag them. Not for lemmatising: see tokens.
"""
from __future__ import annotations

import re

from . import lang as langdetect
from . import languages
from .model import Document, Sentence, Span

# Notices of a reply no rule can be applied to (ui_text says them in other languages).
EMPTY_REPLY = "the reply is empty"
NO_LANGUAGE = "language not supported or not recognised; no rule was applied"

# Email-style quoting: a line starting with ">" is the customer's text.
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
# A quoted block: the lines after an attribution such as "Вы написали:" / "On Monday, Ann
# wrote:" up to the next blank line are the customer's message.
_QUOTED_BLOCK_AFTER = r"\s*:[ \t]*\n(?P<block>(?:[^\n]*\S[^\n]*(?:\n|$))+)"
_quoted_block_cache: tuple[int, re.Pattern] | None = None


def _quoted_block() -> re.Pattern:
    """The quoted-block pattern over every registered language's attribution verbs."""
    global _quoted_block_cache
    if _quoted_block_cache is None or _quoted_block_cache[0] != languages.generation:
        verbs = "|".join(verb for language in languages.all_languages() for verb in language.quote_attribution)
        pattern = re.compile(r"^[^\n]*\b(?:" + verbs + ")" + _QUOTED_BLOCK_AFTER, re.MULTILINE | re.IGNORECASE)
        _quoted_block_cache = (languages.generation, pattern)
    return _quoted_block_cache[1]
_COLON_AT_LINE_END = re.compile(r":[ \t]*\n")
# A quotation of two words or more in typographic or plain quotes is somebody else's words;
# a single quoted word is usually the name of a button or section, which rules may read.
# Every pattern here stops at the next opener as well as at its closer: on hostile text (a
# line of a million «) a scan to the end of the line from each opener would be quadratic.
_QUOTATION = re.compile(r"«[^«»\n]*»|„[^„“”\n]*[“”]|“[^“”\n]*”|\"[^\"\n]*\"")
_QUOTATION_MIN_WORDS = 2
# Placeholders of help desks and template engines; none spans another brace, so no scan
# runs past the next one (linear time on any input).
_PLACEHOLDER = re.compile(
    r"\{\{[^{}]*\}\}|\{%[^{}]*?%\}|\{#[^{}]*?#\}|\$\{[^{}\n]*\}|\{[A-Za-z_][\w.]*\}|%[A-Za-z_][\w.]*%"
    r"|\[\[[^\[\]\n]*\]\]"
)
# Sentence end candidates: terminal punctuation followed by space, or a line break.
# The look-behind tries a run of dots once, from its start, not from each of its dots.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"»”)]*(?=\s)|\n+")
_NEXT_CHAR = re.compile(r"\s*(\S)")
# Abbreviations ("руб.", "т.", "чл.", "art.") are words of at most this many letters.
_ABBREVIATION_MAX = 4
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# A sentence needs this much evidence to override the reply's language (mixed ru/uk replies).
_SENTENCE_LANG_MIN_SCORE = 3.0


def placeholder_spans(text: str) -> tuple[Span, ...]:
    """Template placeholders, for readers that must leave them intact (Markdown, HTML)."""
    return tuple(Span(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text))


def _masked_spans(text: str) -> tuple[Span, ...]:
    # Each scan runs only when the character it needs is there: most replies quote nothing.
    spans = [Span(m.start(), m.end()) for m in _QUOTED_LINE.finditer(text)] if ">" in text else []
    if _COLON_AT_LINE_END.search(text):
        spans += [Span(m.start("block"), m.end("block")) for m in _quoted_block().finditer(text)]
    if "{" in text or "%" in text or "[[" in text:
        spans += [Span(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    if "«" in text or "„" in text or "“" in text or '"' in text:
        for m in _QUOTATION.finditer(text):
            if len(m.group(0).split()) >= _QUOTATION_MIN_WORDS:
                spans.append(Span(m.start(), m.end()))
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))


def _blank(text: str, spans: tuple[Span, ...]) -> str:
    """The text with masked regions replaced by spaces, offsets unchanged."""
    if not spans:
        return text
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _continues(text: str, m: re.Match) -> bool:
    """Whether the sentence goes on past this candidate end."""
    mark = m.group(0)
    following = _NEXT_CHAR.match(text, m.end())
    if following is None:
        return False
    next_char = following.group(1)
    if mark == ".":
        # "15 лв. по картата", "т. 5 от договора", "чл. 20", "art. 5": a short abbreviation
        # before a lower-case word or a number. After a whole word ("3 дня назад. ожидайте")
        # a lower-case start is a careless new sentence.
        return _short_word_before(text, m.start()) and (next_char.islower() or next_char.isdigit())
    if mark == "\n":
        # A hard-wrapped line ("held up due to heavy⏎snow"): one line break after a word or a
        # comma, before a lower-case word, does not end the sentence.
        before = m.start()
        while before > 0 and text[before - 1] in " \t\r":
            before -= 1
        return before > 0 and (text[before - 1].isalpha() or text[before - 1] == ",") and next_char.islower()
    return False


def _short_word_before(text: str, stop: int) -> bool:
    """Whether the letters right before `stop` form a word of at most _ABBREVIATION_MAX letters
    (looked at from the stop backwards, so a text of many stops stays linear)."""
    start = stop
    while start > 0 and stop - start <= _ABBREVIATION_MAX and text[start - 1].isalpha():
        start -= 1
    if start == stop or stop - start > _ABBREVIATION_MAX:
        return False
    return start == 0 or not text[start - 1].isalpha()


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if _continues(text, m):
            continue
        if text[start:end].strip():
            bounds.append((start, end))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def segment_whole(text: str, lang: str | None) -> Document:
    """`text` as one sentence in `lang`, its quotes and placeholders masked as usual: for a
    complaint, whose words are only compared with the reply's, never matched by sentence."""
    sentences = (Sentence(0, 0, len(text), lang),) if text.strip() else ()
    return Document(text=text, lang=lang, sentences=sentences, masked=_masked_spans(text), line_starts=(0,))


def segment(text: str, lang: str | None = None) -> Document:
    """Split `text` into sentences; detect the language unless `lang` is given."""
    masked = _masked_spans(text)
    visible = _blank(text, masked)
    notices: list[str] = []
    bounds = _sentence_bounds(visible)
    sentence_scores: list[tuple[float, ...]] = []
    reply_lang = lang
    if lang is None:
        # Evidence adds up, so each sentence is scored once and the reply is their sum.
        sentence_scores = [langdetect.evidence(visible[start:end]) for start, end in bounds]
        codes = langdetect.supported()
        totals = [sum(column) for column in zip(*sentence_scores)] or [0.0] * len(codes)
        best = max(range(len(totals)), key=totals.__getitem__)
        reply_lang = codes[best] if totals[best] > 0 else None
    if not text.strip():
        notices.append(EMPTY_REPLY)
    elif reply_lang is None and visible.strip():
        notices.append(NO_LANGUAGE)
    sentences = []
    rescore = lang is None and reply_lang is not None
    codes = langdetect.supported()
    reply_column = codes.index(reply_lang) if rescore else -1
    for index, (start, end) in enumerate(bounds):
        sentence_lang = reply_lang
        if rescore:
            scores = sentence_scores[index]
            best = max(range(len(scores)), key=scores.__getitem__)
            reply_score = scores[reply_column]
            if codes[best] != reply_lang and scores[best] >= _SENTENCE_LANG_MIN_SCORE \
                    and scores[best] > 2 * reply_score:
                sentence_lang = codes[best]
        sentences.append(Sentence(index, start, end, sentence_lang))
    line_starts = [0]
    if "\n" in text or "\r" in text:
        line_starts += [m.end() for m in _LINE_BREAK.finditer(text)]
    return Document(
        text=text,
        lang=reply_lang,
        sentences=tuple(sentences),
        masked=masked,
        line_starts=tuple(line_starts),
        notices=tuple(notices),
    )
