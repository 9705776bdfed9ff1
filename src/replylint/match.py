"""Tokens x compiled pack -> pattern matches. Decides nothing about findings (see checks/)."""
from __future__ import annotations

from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from . import languages
from .model import Span, Token
from .pack.compile import (
    GRAMMEME_KEY,
    PREFIX_KEY,
    SUFFIX_KEY,
    Atom,
    CompiledPack,
    CompiledPattern,
    Edge,
    Gap,
    LanguageIndex,
    TokenTest,
)

NEGATION_REACH = 2
class PatternMatch(NamedTuple):
    pattern: CompiledPattern
    span: Span
    sentence: int


def _atom_holds(atom: Atom, token: Token) -> bool:
    if atom.exact is not None and token.lower != atom.exact:
        return False
    if atom.prefix is not None and not token.lower.startswith(atom.prefix):
        return False
    if atom.suffix is not None and not token.lower.endswith(atom.suffix):
        return False
    if atom.lemmas and not (atom.lemmas & token.lemmas):
        return False
    if not atom.grammemes and not atom.excluded_grammemes:
        return True
    for reading in token.parses:
        if atom.lemmas and reading.lemma not in atom.lemmas and token.lower not in atom.lemmas:
            continue
        if atom.grammemes <= reading.grammemes and not (atom.excluded_grammemes & reading.grammemes):
            return True
    return False


def _grammar_holds(groups, token: Token) -> bool:
    for lemmas, grammemes, excluded in groups:
        if lemmas.isdisjoint(token.lemmas):
            continue
        for reading in token.parses:
            if (reading.lemma in lemmas or token.lower in lemmas) and grammemes <= reading.grammemes \
                    and excluded.isdisjoint(reading.grammemes):
                return True
    return False


def test_holds(test: TokenTest, token: Token) -> bool:
    lower = token.lower
    hit = (
        test.any_word
        or (test.lemma_set and not test.lemma_set.isdisjoint(token.lemmas))
        or lower in test.exact_set
        or (test.prefixes and lower.startswith(test.prefixes))
        or (test.suffixes and lower.endswith(test.suffixes))
        or (test.grammatical_groups and _grammar_holds(test.grammatical_groups, token))
        or any(_atom_holds(atom, token) for atom in test.complex_atoms)
    )
    if hit and test.excluded and any(_atom_holds(atom, token) for atom in test.excluded):
        hit = False
    return bool(hit) != test.negated


def _holds(test: TokenTest, tokens: list[Token], verdicts: list[dict[int, bool]], pos: int) -> bool:
    """test_holds, remembered per word form: the same form meets the same test again and again."""
    known = verdicts[pos]
    hit = known.get(test.slot)
    if hit is None:
        hit = known[test.slot] = test_holds(test, tokens[pos])
    return hit


def _sequence(elements, k: int, tokens: list[Token], verdicts, pos: int, first: int | None, failed: set):
    """Backtracking match of elements[k:] at tokens[pos:]; returns (first, end) or None.

    Plain words are checked in a loop; only gaps and optional words branch. The verdict
    look-up of `_holds` is written out in the two hot loops (a call per word showed in
    profiles). `failed` holds
    the branch states known not to match (whether the rest matches does not depend on
    `first`), shared by every start in a sentence: without it a rule of several gaps
    ("a ~99 b ~99 c ~99 d") or optional words took time exponential in their number."""
    count = len(tokens)
    size = len(elements)
    while True:
        if k == size:
            return (first if first is not None else pos, pos)
        element = elements[k]
        kind = type(element)
        if kind is not TokenTest or element.optional:
            break
        if pos >= count:
            return None
        known = verdicts[pos]
        hit = known.get(element.slot)
        if hit is None:
            hit = known[element.slot] = test_holds(element, tokens[pos])
        if not hit:
            return None
        if first is None:
            first = pos
        pos += 1
        k += 1
    state = pos * 64 + k  # k < 64: a pattern has at most MAX_PATTERN_WORDS elements
    if state in failed:
        return None
    if kind is Gap:
        following = elements[k + 1]  # a pattern never ends with a gap
        if type(following) is TokenTest and not following.optional:
            # The word after the gap is tested here, so only the places it holds branch.
            slot = following.slot
            for at in range(pos, min(pos + element.max_words + 1, count)):
                known = verdicts[at]
                hit = known.get(slot)
                if hit is None:
                    hit = known[slot] = test_holds(following, tokens[at])
                if hit:
                    found = _sequence(elements, k + 2, tokens, verdicts, at + 1, at if first is None else first, failed)
                    if found:
                        return found
        else:
            for at in range(pos, min(pos + element.max_words, count) + 1):
                found = _sequence(elements, k + 1, tokens, verdicts, at, first, failed)
                if found:
                    return found
    elif kind is Edge:
        at_edge = pos == 0 if element.at_start else pos == count
        if at_edge:
            found = _sequence(elements, k + 1, tokens, verdicts, pos, first, failed)
            if found:
                return found
    else:  # an optional word: with it, then without it
        if pos < count and _holds(element, tokens, verdicts, pos):
            found = _sequence(elements, k + 1, tokens, verdicts, pos + 1, pos if first is None else first, failed)
            if found:
                return found
        found = _sequence(elements, k + 1, tokens, verdicts, pos, first, failed)
        if found:
            return found
    failed.add(state)
    return None


def _any_order(pattern: CompiledPattern, tokens: list[Token], verdicts, pos: int):
    """All words of the pattern within `window` words of the one at `pos`, in any order."""
    tests = [e for e in pattern.elements if isinstance(e, TokenTest)]
    if not _holds(tests[0], tokens, verdicts, pos):
        return None
    used = {pos}
    low = max(0, pos - pattern.window)
    high = min(len(tokens), pos + pattern.window + 1)
    for test in tests[1:]:
        candidates = [i for i in range(low, high) if i not in used and _holds(test, tokens, verdicts, i)]
        if not candidates:
            return None
        used.add(min(candidates, key=lambda i: abs(i - pos)))
    if max(used) - min(used) > pattern.window:
        return None
    return (min(used), max(used) + 1)


def _negated(tokens: list[Token], first: int, lang: str) -> bool:
    language = languages.get(lang)
    if language is None:
        return False
    words, bounds, suffixes = language.negations, language.negation_bounds, language.negation_suffixes
    for at in range(max(0, first - NEGATION_REACH), first):
        token = tokens[at]
        if token.lower in words or (suffixes and token.lower.endswith(suffixes)):
            if at + 1 < first and tokens[at + 1].lower in bounds:
                continue
            return True
    return False


def _in_scope(scope: str, sentence: int, opening: tuple[int, ...], last: int) -> bool:
    if scope == "sentence":
        return True
    if scope == "opening":
        return sentence in opening
    if scope == "first-sentence":
        return bool(opening) and sentence == opening[0]
    return sentence == last


_SENTENCE_OF = attrgetter("sentence")
_FORMS_LIMIT = 500_000  # word forms remembered per language index, as the lemma cache


def token_keys(token: Token) -> frozenset[str]:
    """Every index key a token can be found under (see Atom.anchor_keys)."""
    extra = {PREFIX_KEY + token.lower[:2], SUFFIX_KEY + token.lower[-2:]}
    for reading in token.parses:
        extra.update(GRAMMEME_KEY + g for g in reading.grammemes)
    return token.lemmas | extra


def find_matches(tokens: tuple[Token, ...], pack: CompiledPack) -> list[PatternMatch]:
    """Every match of every pattern, sentence by sentence, in the sentence's own language."""
    # Tokens come in sentence order, so a sentence's words are one run.
    by_sentence = [(sentence, list(words)) for sentence, words in groupby(tokens, _SENTENCE_OF)]
    # The opening is the first two sentences that have words: a greeting line comes first.
    opening = tuple(sentence for sentence, _words in by_sentence[:2])
    last = by_sentence[-1][0] if by_sentence else -1
    matches: list[PatternMatch] = []
    indexes: dict[str, LanguageIndex] = {}
    for sentence, words in by_sentence:
        lang = words[0].lang
        if not lang:
            continue
        index = indexes.get(lang)
        if index is None:
            index = indexes[lang] = pack.index(lang)
        forms = index.forms
        if len(forms) >= _FORMS_LIMIT:
            forms.clear()
        known = [forms.get(token.lower) for token in words]
        if None in known:
            for pos, token in enumerate(words):
                if known[pos] is None:  # a new form (perhaps twice in this sentence)
                    form = forms.get(token.lower)
                    if form is None:
                        keys = token_keys(token) & index.relevant_keys
                        form = forms[token.lower] = (keys, {}, tuple(keys & index.anchor_keys))
                    known[pos] = form
        keys_at = [form[0] for form in known]
        verdicts = [form[1] for form in known]  # per word: its form's {test slot: holds}
        sentence_keys = frozenset().union(*keys_at)
        by_trigger = index.by_trigger
        viable = [pattern for key in index.trigger_keys & sentence_keys for pattern in by_trigger[key]]
        viable += index.untriggered
        positions: dict[str, list[int]] | None = None
        # A pattern whose trigger has several keys may be listed twice: once is enough.
        for pattern in dict.fromkeys(viable):
            if pattern.scope != "sentence" and not _in_scope(pattern.scope, sentence, opening, last):
                continue
            for needed in pattern.other_keys:
                if needed.isdisjoint(sentence_keys):
                    break
            else:
                if pattern.anchor_point is None:
                    starts = range(len(words))
                else:
                    if positions is None:
                        # Where each anchor key occurs, so a pattern finds its start words directly.
                        positions = {}
                        for pos, form in enumerate(known):
                            for key in form[2]:
                                positions.setdefault(key, []).append(pos)
                    anchor_keys, offset = pattern.anchor_point
                    present = anchor_keys & sentence_keys
                    if len(present) == 1:
                        starts = positions[next(iter(present))]
                        if offset:
                            starts = [pos - offset for pos in starts if pos >= offset]
                    else:
                        starts = sorted({pos - offset for key in present for pos in positions[key] if pos >= offset})
                _match_pattern(pattern, starts, words, verdicts, sentence, lang, matches)
    return matches


def _match_pattern(pattern: CompiledPattern, starts, words: list[Token], verdicts, sentence: int, lang: str,
                   matches: list[PatternMatch]) -> None:
    """Every match of one pattern in one sentence, tried at `starts` from left to right."""
    covered = 0  # the end of the pattern's last match
    failed: set[int] = set()  # its states known not to match here
    for start in starts:
        if pattern.any_order:
            found = _any_order(pattern, words, verdicts, start)
        else:
            found = _sequence(pattern.elements, 0, words, verdicts, start, None, failed)
        if not found:
            continue
        first, end = found
        # One place, one match: a pattern found again inside its own previous match
        # (the same pattern anchored on two lemmas, or an optional word skipped) is not new.
        if end <= first or first < covered:
            continue
        # A negated match is no match, so it hides nothing that starts inside it ("не могу …,
        # он позвонит завтра": the second start is a match of its own).
        if pattern.skip_negated and _negated(words, first, lang):
            continue
        covered = end
        matches.append(PatternMatch(pattern, Span(words[first].start, words[end - 1].end), sentence))
