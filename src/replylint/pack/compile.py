"""Compile a rule's patterns for one language: the small pattern language -> token predicates.

Pattern language (words separated by spaces, each must match one token in order):
  word          the word's lemma, any inflection (write any form; it is lemmatised here)
  =word         exactly this form (case-insensitive)
  wor*          any word starting with "wor";  *ш  any word ending in "ш"
  <VERB,1per>   any word with these grammemes (pymorphy3 names; -past means "not past")
  word<past>    this lemma with these grammemes, in the same reading
  _             any one word
  a|b|c         any of the alternatives;  x?  optional;  !x  any word but x
  a|-b          a, unless the word also matches b (e.g. <VERB,impr>|-<NUMR>)
  ~N            a gap of 0..N words
  ^  $          the start / the end of the sentence (first / last element only)
Not for matching text: see match.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..morph import analyser_for, normalise
from .schema import PackError, PatternSpec

# Index keys that are not lemmas carry a prefix no word can start with.
PREFIX_KEY, SUFFIX_KEY, GRAMMEME_KEY = "\x00p", "\x00s", "\x00g"
PARTS_OF_SPEECH = frozenset({"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND",
                             "NUMR", "ADVB", "NPRO", "PRED", "PREP", "CONJ", "PRCL", "INTJ"})

_GAP = re.compile(r"^~(\d{1,2})$")
# The longest built-in pattern has 9 words; the cap keeps matching's recursion shallow.
MAX_PATTERN_WORDS = 40
_ATOM = re.compile(r"^(?P<word>[^<>]*?)(?:<(?P<grams>[^<>]*)>)?$")


@dataclass(frozen=True)
class Atom:
    """One alternative of a token test; every field that is set must hold."""

    lemmas: frozenset[str] = frozenset()
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    grammemes: frozenset[str] = frozenset()
    excluded_grammemes: frozenset[str] = frozenset()
    any_word: bool = False


    def anchor_keys(self) -> frozenset[str] | None:
        """Index keys of this alternative: its lemmas, its exact form, the first two letters
        of its prefix, the last two of its suffix, or its least common grammeme."""
        if self.lemmas:
            return self.lemmas
        if self.exact is not None:
            return frozenset({self.exact})
        if self.prefix is not None:
            return frozenset({PREFIX_KEY + self.prefix[:2]})
        if self.suffix is not None:
            return frozenset({SUFFIX_KEY + self.suffix[-2:]})
        if self.grammemes:
            rarest = sorted(self.grammemes, key=lambda g: (g in PARTS_OF_SPEECH, g))[0]
            return frozenset({GRAMMEME_KEY + rarest})
        return None


@dataclass(frozen=True, slots=True)
class TokenTest:
    """One element of a pattern. The simple alternatives are merged into sets and tuples at
    compile time, so testing a token is a few set look-ups instead of a loop over atoms."""

    atoms: tuple[Atom, ...]
    optional: bool = False
    negated: bool = False
    # Alternatives written with a leading minus: a token matching any of them never matches
    # ("<VERB,impr,sing>|-<NUMR>": an imperative, but not "три", which may also be a number).
    excluded: tuple[Atom, ...] = ()
    lemma_set: frozenset[str] = field(init=False)
    exact_set: frozenset[str] = field(init=False)
    prefixes: tuple[str, ...] = field(init=False)
    suffixes: tuple[str, ...] = field(init=False)
    complex_atoms: tuple[Atom, ...] = field(init=False)
    grammatical_groups: tuple[tuple[frozenset[str], frozenset[str], frozenset[str]], ...] = field(init=False)
    any_word: bool = field(init=False)
    # The test's number in its language index, where equal tests are one object: a word form's
    # verdict on a test is remembered under it (see match.py), so each is worked out once.
    slot: int = field(init=False, compare=False, default=-1)

    def __post_init__(self):
        simple = [a for a in self.atoms if not a.grammemes and not a.excluded_grammemes]
        # "вернуть<past>|выслать<past>|…": one (lemmas, grammemes, excluded) group per grammar.
        groups: dict[tuple[frozenset[str], frozenset[str]], set[str]] = {}
        complex_atoms = []
        for a in self.atoms:
            if not (a.grammemes or a.excluded_grammemes):
                continue
            if a.lemmas and a.exact is None and a.prefix is None and a.suffix is None:
                groups.setdefault((a.grammemes, a.excluded_grammemes), set()).update(a.lemmas)
            else:
                complex_atoms.append(a)
        merged = {
            "lemma_set": frozenset().union(*(a.lemmas for a in simple if a.lemmas)),
            "exact_set": frozenset(a.exact for a in simple if a.exact is not None),
            "prefixes": tuple(a.prefix for a in simple if a.prefix is not None),
            "suffixes": tuple(a.suffix for a in simple if a.suffix is not None),
            "complex_atoms": tuple(complex_atoms),
            "grammatical_groups": tuple(
                (frozenset(lemmas), grams, excluded) for (grams, excluded), lemmas in groups.items()
            ),
            "any_word": any(a.any_word for a in simple),
            "slot": -1,
        }
        for name, value in merged.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True)
class Gap:
    max_words: int


@dataclass(frozen=True, slots=True)
class Edge:
    """`^` (the sentence starts here) or `$` (the sentence ends here); consumes no word."""

    at_start: bool


@dataclass(frozen=True, eq=False, slots=True)
class CompiledPattern:
    """One pattern of one rule in one language. Compared by identity: equal patterns are
    merged into one at index build (see signature), and matching hashes them often."""

    rule: str
    role: str
    lang: str
    source: str
    elements: tuple[TokenTest | Gap, ...]
    any_order: bool
    window: int
    scope: str
    skip_negated: bool
    # Keys of every word the pattern cannot do without: a sentence lacking any of them is
    # skipped before the (slower) sequence match is tried.
    required_keys: tuple[frozenset[str], ...] = ()
    # (keys, offset) of the word that fixes where a match can start; None: try every word.
    anchor_point: tuple[frozenset[str], int] | None = None
    # Every (rule, role) that wrote this very pattern: it is matched once and the match goes
    # to each of them, so a pack that repeats patterns costs no more to match.
    owners: tuple[tuple[str, str], ...] = ()
    # required_keys without the trigger's (a pattern is only tried where its trigger is).
    other_keys: tuple[frozenset[str], ...] = ()

    def signature(self) -> tuple:
        """What decides where the pattern matches (not whose it is)."""
        return (self.elements, self.any_order, self.window, self.scope, self.skip_negated)

    def anchor(self) -> tuple[frozenset[str], int] | None:
        """Index keys one of which a token must carry for the pattern to match with that token
        at `offset` words from the start; None when no element can serve (then the pattern is
        tried at every word). Leading negated words ("!не вернуть<past>") are skipped over."""
        tests = [e for e in self.elements if isinstance(e, TokenTest)]
        if self.any_order:
            keys = _test_keys(tests[0])
            return (keys, 0) if keys else None
        offset = 0
        for element in self.elements:
            if isinstance(element, Edge):
                continue
            if not isinstance(element, TokenTest) or element.optional:
                return None
            if element.negated:
                offset += 1
                continue
            keys = _test_keys(element)
            return (keys, offset) if keys else None
        return None


def _test_keys(test: TokenTest) -> frozenset[str] | None:
    keys: set[str] = set()
    for atom in test.atoms:
        key = atom.anchor_keys()
        if key is None:
            return None
        keys |= key
    return frozenset(keys) if keys else None


def lemmas_of(word: str, lang: str) -> frozenset[str]:
    """Lemmas a pattern word stands for: itself if it is already a dictionary form,
    otherwise the normal forms of its plausible readings."""
    lower = normalise(word)
    parses = analyser_for(lang).parse(lower)
    normal_forms = {p.lemma for p in parses}
    if lower in normal_forms:
        return frozenset({lower})
    return frozenset(normal_forms | {lower})


def _atom(text: str, spec: PatternSpec, lang: str, known_grammemes: frozenset[str]) -> Atom:
    m = _ATOM.match(text)
    if not m or (not m.group("word") and m.group("grams") is None):
        raise PackError(spec.location, f"cannot read '{text}' in pattern '{spec.source}'")
    word, grams_text = m.group("word"), m.group("grams")
    grams: set[str] = set()
    excluded: set[str] = set()
    if grams_text is not None:
        for gram in (g.strip() for g in grams_text.split(",")):
            name = gram[1:] if gram.startswith("-") else gram
            if not name:
                raise PackError(spec.location, f"empty grammeme in '{text}'")
            if name not in known_grammemes:
                raise PackError(
                    spec.location,
                    f"unknown grammeme '{name}' for {lang} in pattern '{spec.source}'",
                )
            (excluded if gram.startswith("-") else grams).add(name)
    common = {"grammemes": frozenset(grams), "excluded_grammemes": frozenset(excluded)}
    if not word:
        return Atom(**common)
    if word == "_":
        return Atom(any_word=True, **common)
    if word.startswith("="):
        if len(word) == 1:
            raise PackError(spec.location, f"'=' needs a word after it in '{spec.source}'")
        return Atom(exact=normalise(word[1:]), **common)
    if word.startswith("*"):
        if len(word) < 3:
            raise PackError(spec.location, f"a suffix needs at least 2 letters: '{word}'")
        return Atom(suffix=normalise(word[1:]), **common)
    if word.endswith("*"):
        if len(word) < 3:
            raise PackError(spec.location, f"a prefix needs at least 2 letters: '{word}'")
        return Atom(prefix=normalise(word[:-1]), **common)
    if not re.fullmatch(r"\w+(?:[-'’ʼ]\w+)*|@\w+", word):
        raise PackError(spec.location, f"'{word}' is not a word in pattern '{spec.source}'")
    return Atom(lemmas=lemmas_of(word, lang), **common)


def compile_pattern(rule: str, role: str, lang: str, spec: PatternSpec) -> CompiledPattern:
    known = analyser_for(lang).grammemes
    elements: list[TokenTest | Gap | Edge] = []
    if len(spec.source.split()) > MAX_PATTERN_WORDS:
        raise PackError(spec.location, f"a pattern may have at most {MAX_PATTERN_WORDS} words and gaps")
    parts = spec.source.split()
    for number, part in enumerate(parts):
        if part in ("^", "$"):
            if spec.any_order:
                raise PackError(spec.location, "^ and $ cannot be used with any_order")
            if (part == "^") != (number == 0) or (part == "$" and number != len(parts) - 1):
                raise PackError(spec.location, f"'^' may only open and '$' only close pattern '{spec.source}'")
            elements.append(Edge(at_start=part == "^"))
            continue
        gap = _GAP.match(part)
        if gap:
            if spec.any_order:
                raise PackError(spec.location, "gaps (~N) cannot be used with any_order")
            elements.append(Gap(int(gap.group(1))))
            continue
        optional = part.endswith("?") and len(part) > 1
        if optional:
            part = part[:-1]
        negated = part.startswith("!") and len(part) > 1
        if negated:
            part = part[1:]
        alternatives = part.split("|")
        atoms = tuple(_atom(alt, spec, lang, known) for alt in alternatives if not alt.startswith("-"))
        excluded = tuple(
            _atom(alt[1:], spec, lang, known) for alt in alternatives if alt.startswith("-") and len(alt) > 1
        )
        if not atoms:
            raise PackError(spec.location, f"'{part}' in pattern '{spec.source}' excludes words but allows none")
        elements.append(TokenTest(atoms, optional=optional, negated=negated, excluded=excluded))
    tests = [e for e in elements if isinstance(e, TokenTest)]
    if not tests:
        raise PackError(spec.location, f"pattern '{spec.source}' has no words")
    inner = [e for e in elements if not isinstance(e, Edge)]
    if isinstance(inner[0], Gap) or isinstance(inner[-1], Gap):
        raise PackError(spec.location, f"pattern '{spec.source}' cannot start or end with a gap")
    if all(t.optional for t in tests):
        raise PackError(spec.location, f"pattern '{spec.source}' has only optional words")
    if spec.any_order and any(t.optional or t.negated for t in tests):
        raise PackError(spec.location, "any_order patterns cannot have optional (?) or negated (!) words")
    required = tuple(
        keys for keys in (_test_keys(t) for t in tests if not t.optional and not t.negated) if keys
    )
    pattern = CompiledPattern(
        required_keys=required,
        rule=rule,
        role=role,
        lang=lang,
        source=spec.source,
        elements=tuple(elements),
        any_order=spec.any_order,
        window=spec.window,
        scope=spec.scope,
        skip_negated=spec.skip_negated,
    )
    return replace(pattern, anchor_point=pattern.anchor())


@dataclass(frozen=True)
class LanguageIndex:
    """Every pattern of the pack for one language, indexed by a "trigger": the rarest-looking
    set of words the pattern cannot do without. A sentence only tries the patterns whose
    trigger it contains, so adding rules barely slows down a reply that does not need them."""

    by_trigger: dict[str, tuple[CompiledPattern, ...]]
    untriggered: tuple[CompiledPattern, ...]
    size: int
    # The keys of by_trigger as a set, so a sentence's keys are intersected in one step.
    trigger_keys: frozenset[str] = frozenset()
    # Every key some pattern is anchored on: the only keys whose positions matter.
    anchor_keys: frozenset[str] = frozenset()
    # Every key a pattern triggers, anchors or requires on; a word's other keys (most of its
    # grammemes) can never decide a match, so they are dropped before matching.
    relevant_keys: frozenset[str] = frozenset()

    @property
    def patterns(self) -> tuple[CompiledPattern, ...]:
        """Each pattern once (one with several trigger keys is listed under each)."""
        return tuple(dict.fromkeys([*(p for found in self.by_trigger.values() for p in found), *self.untriggered]))

    @property
    def forms(self) -> dict[str, tuple[frozenset[str], dict[int, bool], tuple[str, ...]]]:
        """Word form -> (its index keys, {test slot: holds}, those keys that anchor a pattern),
        filled while matching (match.py); kept on the instance but never pickled."""
        forms = self.__dict__.get("_forms")
        if forms is None:
            forms = {}
            object.__setattr__(self, "_forms", forms)
        return forms

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


def _rarity(key: str, common: frozenset[str]) -> int:
    """A guess at how rare a key is in text: grammemes are everywhere, then word beginnings
    and endings, then the language's function words; other words by length."""
    if key.startswith(GRAMMEME_KEY):
        return 0
    if key.startswith((PREFIX_KEY, SUFFIX_KEY)):
        return 1
    if key in common:
        return 2
    return 2 + min(len(key), 12)


def _trigger(pattern: CompiledPattern, common: frozenset[str]) -> frozenset[str] | None:
    if not pattern.required_keys:
        return None
    return max(pattern.required_keys, key=lambda keys: (min(_rarity(k, common) for k in keys), -len(keys)))


def _common_words(lang: str) -> frozenset[str]:
    """The function words language detection counts, with their lemmas ("был" -> "быть")."""
    from .. import languages

    language = languages.get(lang)
    words = language.function_words if language else frozenset()
    return frozenset(words).union(*(lemmas_of(w, lang) for w in words))


class CompiledPack:
    """A RulePack with its patterns compiled per language on first use."""

    def __init__(self, pack, indexes=None):
        self.pack = pack
        self._indexes: dict[str, LanguageIndex] = {}
        self._disk = indexes  # optional store with load(lang) / store(lang, index)

    def index(self, lang: str) -> LanguageIndex:
        cached = self._indexes.get(lang)
        if cached is None:
            cached = self._disk.load(lang) if self._disk is not None else None
            if cached is None:
                cached = self._build(lang)
                if self._disk is not None:
                    self._disk.store(lang, cached)
            self._indexes[lang] = cached
        return cached

    def _build(self, lang: str) -> LanguageIndex:
        from .schema import ROLES

        size = 0
        unique: dict[tuple, tuple[CompiledPattern, list[tuple[str, str]]]] = {}
        for rule in self.pack.rules:
            for role in ROLES:
                for spec in rule.patterns_for(role).get(lang, ()):
                    compiled = compile_pattern(rule.id, role, lang, spec)
                    size += 1
                    first, owners = unique.setdefault(compiled.signature(), (compiled, []))
                    if (rule.id, role) not in owners:
                        owners.append((rule.id, role))
        tests: dict[TokenTest, TokenTest] = {}
        common = _common_words(lang)
        by_trigger: dict[str, list[CompiledPattern]] = {}
        untriggered: list[CompiledPattern] = []
        for first, owners in unique.values():
            elements = tuple(_interned(e, tests) for e in first.elements)
            trigger = _trigger(first, common)
            other = tuple(k for k in first.required_keys if k != trigger)
            compiled = replace(first, owners=tuple(owners), elements=elements, other_keys=other)
            if trigger is None:
                untriggered.append(compiled)
            else:
                for key in trigger:
                    by_trigger.setdefault(key, []).append(compiled)
        patterns = [p for p, _owners in unique.values()]
        anchor_keys = frozenset().union(*(p.anchor_point[0] for p in patterns if p.anchor_point is not None))
        return LanguageIndex(
            by_trigger={k: tuple(v) for k, v in by_trigger.items()},
            untriggered=tuple(untriggered),
            size=size,
            trigger_keys=frozenset(by_trigger),
            anchor_keys=anchor_keys,
            relevant_keys=anchor_keys.union(*(keys for p in patterns for keys in p.required_keys)),
        )


def _interned(element, tests: dict[TokenTest, TokenTest]):
    """Equal token tests become one object with a slot number of its own."""
    if not isinstance(element, TokenTest):
        return element
    found = tests.get(element)
    if found is None:
        found = tests[element] = element
        object.__setattr__(found, "slot", len(tests) - 1)
    return found
