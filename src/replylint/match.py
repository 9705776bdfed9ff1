"""Tokens x compiled pack -> pattern matches. Decides nothing about findings (see checks/)."""
from __future__ import annotations

from dataclasses import dataclass

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
    TokenTest,
)

# Words that turn a phrase around when they stand just before it ("это не ваша вина").
NEGATIONS = {
    "ru": frozenset({"не", "ни", "нет"}),
    "uk": frozenset({"не", "ні", "нема", "немає"}),
    "bg": frozenset({"не", "нито", "няма"}),
    "en": frozenset({"not", "never", "no", "nobody's", "isn't", "wasn't", "aren't", "don't",
                     "doesn't", "didn't", "won't", "can't", "cannot", "weren't"}),
}
NEGATION_REACH = 2


@dataclass(frozen=True)
class PatternMatch:
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


def _sequence(elements, k: int, tokens: list[Token], pos: int, first: int | None, failed: set | None = None):
    """Backtracking match of elements[k:] at tokens[pos:]; returns (first, end) or None.

    `failed` holds the (element, word) states known not to match (whether the rest matches
    does not depend on `first`), shared by every start in a sentence: without it a rule of
    several gaps ("a ~99 b ~99 c ~99 d") took time exponential in their number."""
    if k == len(elements):
        return (first if first is not None else pos, pos)
    if failed is None:
        failed = set()
    state = (k, pos)
    if state in failed:
        return None
    element = elements[k]
    if isinstance(element, Edge):
        at_edge = pos == 0 if element.at_start else pos == len(tokens)
        return _sequence(elements, k + 1, tokens, pos, first, failed) if at_edge else None
    if isinstance(element, Gap):
        for skip in range(element.max_words + 1):
            if pos + skip > len(tokens):
                break
            found = _sequence(elements, k + 1, tokens, pos + skip, first, failed)
            if found:
                return found
        failed.add(state)
        return None
    if pos < len(tokens) and test_holds(element, tokens[pos]):
        found = _sequence(elements, k + 1, tokens, pos + 1, pos if first is None else first, failed)
        if found:
            return found
    if element.optional:
        found = _sequence(elements, k + 1, tokens, pos, first, failed)
        if found:
            return found
    failed.add(state)
    return None


def _any_order(pattern: CompiledPattern, tokens: list[Token], pos: int):
    """All words of the pattern within `window` words of the one at `pos`, in any order."""
    tests = [e for e in pattern.elements if isinstance(e, TokenTest)]
    if not test_holds(tests[0], tokens[pos]):
        return None
    used = {pos}
    low = max(0, pos - pattern.window)
    high = min(len(tokens), pos + pattern.window + 1)
    for test in tests[1:]:
        candidates = [i for i in range(low, high) if i not in used and test_holds(test, tokens[i])]
        if not candidates:
            return None
        used.add(min(candidates, key=lambda i: abs(i - pos)))
    if max(used) - min(used) > pattern.window:
        return None
    return (min(used), max(used) + 1)


def _negated(tokens: list[Token], first: int, lang: str) -> bool:
    words = NEGATIONS.get(lang, frozenset())
    for token in tokens[max(0, first - NEGATION_REACH):first]:
        if token.lower in words or (lang == "en" and token.lower.endswith("n't")):
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


_KEYS_CACHE: dict[tuple[str, str], frozenset[str]] = {}


def token_keys(token: Token) -> frozenset[str]:
    """Every index key a token can be found under (see Atom.anchor_keys)."""
    cache_key = (token.lang, token.lower)
    keys = _KEYS_CACHE.get(cache_key)
    if keys is None:
        extra = {PREFIX_KEY + token.lower[:2], SUFFIX_KEY + token.lower[-2:]}
        for reading in token.parses:
            extra.update(GRAMMEME_KEY + g for g in reading.grammemes)
        keys = _KEYS_CACHE[cache_key] = token.lemmas | extra
    return keys


def find_matches(tokens: tuple[Token, ...], pack: CompiledPack) -> list[PatternMatch]:
    """Every match of every pattern, sentence by sentence, in the sentence's own language."""
    by_sentence: dict[int, list[Token]] = {}
    for token in tokens:
        by_sentence.setdefault(token.sentence, []).append(token)
    order = sorted(by_sentence)
    # The opening is the first two sentences that have words: a greeting line comes first.
    opening = tuple(order[:2])
    last = order[-1] if order else -1
    matches: list[PatternMatch] = []
    for sentence in order:
        words = by_sentence[sentence]
        lang = words[0].lang
        if not lang:
            continue
        index = pack.index(lang)
        covered: dict[int, int] = {}  # pattern id -> end of its last match in this sentence
        failed: dict[int, set] = {}  # pattern id -> its states known not to match here
        keys_at = [token_keys(token) for token in words]
        sentence_keys = frozenset().union(*keys_at)
        positions: dict[str, list[int]] | None = None
        viable: dict[int, CompiledPattern] = {}
        for key in index.trigger_keys & sentence_keys:
            for pattern in index.by_trigger[key]:
                viable[id(pattern)] = pattern
        for pattern in index.untriggered:
            viable[id(pattern)] = pattern
        starts: dict[int, list[CompiledPattern]] = {}
        for pattern in viable.values():
            if not all(not keys.isdisjoint(sentence_keys) for keys in pattern.required_keys):
                continue
            if pattern.anchor_point is None:
                for pos in range(len(words)):
                    starts.setdefault(pos, []).append(pattern)
                continue
            anchor_keys, offset = pattern.anchor_point
            if positions is None:
                # Where each key occurs in the sentence, so an anchor finds its words directly.
                positions = {}
                for pos, keys in enumerate(keys_at):
                    for key in keys:
                        positions.setdefault(key, []).append(pos)
            at = set()
            for key in anchor_keys & sentence_keys:
                at.update(positions[key])
            for pos in at:
                if pos >= offset:
                    starts.setdefault(pos - offset, []).append(pattern)
        for pos in sorted(starts):
            for pattern in starts[pos]:
                if not _in_scope(pattern.scope, sentence, opening, last):
                    continue
                if pattern.any_order:
                    found = _any_order(pattern, words, pos)
                else:
                    found = _sequence(pattern.elements, 0, words, pos, None, failed.setdefault(id(pattern), set()))
                if not found:
                    continue
                first, end = found
                # One place, one match: a pattern found again inside its own previous match
                # (the same pattern anchored on two lemmas, or an optional word skipped) is not new.
                if end <= first or first < covered.get(id(pattern), 0):
                    continue
                covered[id(pattern)] = end
                if pattern.skip_negated and _negated(words, first, lang):
                    continue
                span = Span(words[first].start, words[end - 1].end)
                matches.append(PatternMatch(pattern, span, sentence))
    return matches
