"""Safe fixes: a phrase rule's `replace` entries turned into text edits, inflected to agree
with the words they replace. Not for deciding what is wrong (engine.py) or for writing files
and diffs (rewrite.py).

A fix is offered only inside a finding of its rule, only if its sentence no longer triggers
that rule there, only if its verb agrees in tense and person with the words it replaces, and
never over a placeholder or quoted text, nor where it would say again what the reply already
says. Absence rules are never fixed, as that would mean inventing text.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, groupby
from operator import attrgetter

from .engine import Linter, Selection
from .match import find_matches
from .formats import reader_for
from .formats.origin import SourceText
from .inputs import InputError
from .model import Reply, Result, Span, Token
from .morph import analyser_for, normalise
from .pack.compile import CompiledPack
from .pack.load import TEMPLATE_SLOT
from .pack.schema import PackError, Replacement, Rule, RulePack, Texts
from .segment import segment
from .tokens import tokenize

VERB_LIKE = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})
NOUN_LIKE = frozenset({"NOUN"})
ADJECTIVE_LIKE = frozenset({"ADJF", "ADJS", "PRTF"})
# Grammatical categories a replacement word takes over from the word it replaces.
TENSES = frozenset({"past", "pres", "futr"})
PERSONS = frozenset({"1per", "2per", "3per"})
CATEGORIES = (
    TENSES,
    frozenset({"sing", "plur"}),
    frozenset({"masc", "femn", "neut"}),
    PERSONS,
    frozenset({"indc", "impr"}),
    frozenset({"incl", "excl"}),
    frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"}),
)
AGREEING = frozenset().union(*CATEGORIES)
# Dropped one by one when no form has them all (past tense has no person, plural no gender).
DROP_ORDER = ("masc", "femn", "neut", "1per", "2per", "3per", "incl", "excl", "indc", "impr")


@dataclass(frozen=True)
class Edit:
    """Replace the reply's characters at `span` (`old`) with `new`, to satisfy `rule`."""

    rule: str
    span: Span
    old: str
    new: str


def _family(grammemes: frozenset[str]) -> frozenset[str]:
    for family in (VERB_LIKE, NOUN_LIKE, ADJECTIVE_LIKE):
        if grammemes & family:
            return family
    return frozenset()


def _source(tokens: list[Token], family: frozenset[str]) -> frozenset[str] | None:
    """The grammemes a slot agrees with: the reading in `family` of a matched word, a finite
    verb before a participle or infinitive. A word's likeliest reading may be of another part
    of speech ("осуществим" is first a short adjective): its reading in the family counts."""
    readings = []
    for token in tokens:
        reading = next((p.grammemes for p in token.parses if p.grammemes & family), None)
        if reading is not None:
            readings.append(reading)
    finite = [r for r in readings if "VERB" in r]
    return (finite or readings or [None])[0]


def _wanted(source: frozenset[str], forced: frozenset[str]) -> frozenset[str]:
    """The source's agreeing grammemes, with the slot's own ones winning within a category."""
    wanted = set(source & AGREEING)
    for category in CATEGORIES:
        if forced & category:
            wanted -= category
    wanted |= forced
    if "INFN" in source or "infn" in source:
        wanted = {"INFN"} if "INFN" in source else {"infn"}
    return frozenset(wanted)


def _inflect(lang: str, lemma: str, wanted: frozenset[str]) -> str | None:
    """The form of `lemma` with the `wanted` grammemes, dropping (in DROP_ORDER) only those a
    form may lack; None if no form keeps the tense and person asked for."""
    analyser = analyser_for(lang)
    tries = [wanted]
    if "pres" in wanted:  # a perfective verb has a future where the source had a present
        tries.append(wanted - {"pres"} | {"futr"})
    for grams in list(tries):
        reduced = set(grams)
        for gram in DROP_ORDER:
            if gram in reduced:
                reduced.discard(gram)
                tries.append(frozenset(reduced))
    for grams in tries:
        form = analyser.inflect(lemma, grams)
        if form and _agrees(analyser, lemma, form, wanted):
            return form
    return None


def _agrees(analyser, lemma: str, form: str, wanted: frozenset[str]) -> bool:
    """True if some reading of `form` (of `lemma`) has the wanted tense and person. A form
    without person (a past tense) agrees with any; "мы вернули", never "мы вернут"."""
    tense = wanted & TENSES
    if "pres" in tense:
        tense |= {"futr"}
    person = wanted & PERSONS
    for parse in analyser.parse(form.lower()):
        if normalise(parse.lemma) != normalise(lemma):
            continue
        if tense and not parse.grammemes & tense:
            continue
        if person and parse.grammemes & PERSONS and not parse.grammemes & person:
            continue
        return True
    return False


def render_template(write: str, lang: str, matched: list[Token]) -> str | None:
    """`write` with each {lemma<grams>} slot in the form agreeing with the matched words."""
    pieces: list[str] = []
    last = 0
    for slot in TEMPLATE_SLOT.finditer(write):
        pieces.append(write[last:slot.start()])
        last = slot.end()
        lemma = slot.group("lemma")
        forced = frozenset(g.strip() for g in (slot.group("grams") or "").split(",") if g.strip())
        parses = analyser_for(lang).parse(lemma.lower())
        family = _family(parses[0].grammemes) if parses else frozenset()
        source = _source(matched, family) if family else None
        if family and source is None:
            return None  # nothing to agree with: the dictionary form would not fit the sentence
        wanted = _wanted(source or frozenset(), forced)
        form = _inflect(lang, lemma, wanted) if wanted else lemma
        if form is None:
            return None
        pieces.append(form)
    pieces.append(write[last:])
    return "".join(pieces)


def _match_case(new: str, old: str) -> str:
    if old[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


class Fixer:
    """The `replace` entries of a pack, compiled once, and the linter that verifies each fix."""

    def __init__(self, linter):
        self.linter = linter
        self.entries: dict[str, tuple[Rule, str, Replacement]] = {}
        finders = []
        for rule in linter.rules:
            for lang, replacements in rule.replacements.items():
                for i, replacement in enumerate(replacements):
                    key = f"{rule.id}/{lang}/{i}"
                    self.entries[key] = (rule, lang, replacement)
                    finders.append(Rule(id=key, kind="phrase", severity=rule.severity, message=Texts(), why=Texts(),
                                        hint=Texts(), location=replacement.location,
                                        patterns={lang: (replacement.find,)}))
        self.finders = CompiledPack(RulePack(rules=tuple(finders), weights={}, sources=()))
        self._checkers: dict[str, Linter] = {}  # rule id -> a linter of that rule alone

    def _check_slots(self, lang: str, replacement: Replacement) -> None:
        known = analyser_for(lang).grammemes
        for slot in TEMPLATE_SLOT.finditer(replacement.write):
            for gram in (slot.group("grams") or "").split(","):
                if gram.strip() and gram.strip() not in known:
                    raise PackError(replacement.location, f"unknown grammeme '{gram.strip()}' for {lang} in '{replacement.write}'")

    def edits(self, reply: Reply, result) -> tuple[Edit, ...]:
        """Safe edits for one linted reply, in text order, never overlapping."""
        fixable = {r.id for r in self.linter.rules if r.replacements}
        findings: dict[str, list[Span]] = {}
        for finding in result.findings:
            if finding.rule in fixable:
                findings.setdefault(finding.rule, []).append(finding.span)
        if not findings:
            return ()
        doc = segment(reply.text, reply.lang)
        tokens = tokenize(doc)
        words = {sentence: list(group) for sentence, group in groupby(tokens, attrgetter("sentence"))}
        flagged = {rule_id: _Spans(spans) for rule_id, spans in findings.items()}
        masked = _Spans(doc.masked)
        candidates: list[tuple[Edit, int, str]] = []
        for match in find_matches(tokens, self.finders):
            rule, lang, replacement = self.entries[match.pattern.rule]
            span = match.span
            # Never a placeholder ({{ticket.debt}}) or the customer's quoted words.
            if rule.id not in flagged or not flagged[rule.id].overlaps(span) or masked.overlaps(span):
                continue
            self._check_slots(lang, replacement)
            matched = [t for t in words[match.sentence] if span.start <= t.start and t.end <= span.end]
            new = render_template(replacement.write, lang, matched)
            if new is None:
                continue
            old = reply.text[span.start:span.end]
            candidates.append((Edit(rule.id, span, old, _match_case(new, old)), match.sentence, lang))
        said = _Said(tokens)
        before: dict[tuple[int, str], int] = {}
        kept: list[Edit] = []
        for edit, sentence, lang in sorted(candidates, key=lambda c: (c[0].span.start, -c[0].span.end)):
            if kept and edit.span.start < kept[-1].span.end:
                continue
            wording = _Wording.of(edit.new, lang)
            if said.repeats(edit, sentence, wording):
                continue
            if self._silences(doc, sentence, edit, before):
                kept.append(edit)
                said.add(edit, wording)
        return tuple(kept)

    def _silences(self, doc, index: int, edit: Edit, before: dict[tuple[int, str], int]) -> bool:
        """True if, in its sentence, the edit leaves the rule fewer findings and none inside
        the new words. Only the sentence is linted again, with this rule alone: a phrase
        rule matches within a sentence, and a long reply has hundreds of fixes."""
        sentence = doc.sentences[index]
        text = doc.text[sentence.start:sentence.end]
        lang = sentence.lang or doc.lang
        checker = self._checkers.get(edit.rule)
        if checker is None:
            checker = self._checkers[edit.rule] = Linter(self.linter.compiled, Selection(select=frozenset({edit.rule})))
        if (index, edit.rule) not in before:
            before[index, edit.rule] = len(checker.lint(Reply(path="", text=text, lang=lang)).findings)
        start = edit.span.start - sentence.start
        end = start + len(edit.new)
        fixed = text[:start] + edit.new + text[edit.span.end - sentence.start:]
        hits = checker.lint(Reply(path="", text=fixed, lang=lang)).findings
        return len(hits) < before[index, edit.rule] and not any(f.span.start < end and start < f.span.end for f in hits)


class _Spans:
    """Spans (sorted, perhaps overlapping) to test others against in log time."""

    def __init__(self, spans):
        ordered = sorted(spans)
        self.starts = [s.start for s in ordered]
        self.reach = list(accumulate((s.end for s in ordered), max))  # furthest end so far

    def overlaps(self, span: Span) -> bool:
        last = bisect_left(self.starts, span.end) - 1
        return last >= 0 and self.reach[last] > span.start


# Parts of speech that say nothing by themselves: a replacement repeats the reply only if
# its other words are already there ("мы" and "вам" are in every reply).
FUNCTION_WORDS = frozenset({"NPRO", "PREP", "CONJ", "PRCL", "INTJ"})


@dataclass(frozen=True)
class _Wording:
    """What a replacement says: the lemmas of each content word (its readings' lemmas:
    "вернём" and "вернули" are both вернуть), and the pronouns it brings as a subject."""

    content: frozenset[frozenset[str]]
    subjects: frozenset[str]

    @classmethod
    def of(cls, text: str, lang: str) -> _Wording:
        content, subjects = set(), set()
        for token in tokenize(segment(text, lang)):
            first = token.parses[0].grammemes if token.parses else frozenset()
            if "NPRO" in first and "nomn" in first:
                subjects.add(normalise(token.parses[0].lemma))
            if not first & FUNCTION_WORDS:
                content.add(frozenset(normalise(p.lemma) for p in token.parses) or frozenset({token.lower}))
        return cls(frozenset(content), frozenset(subjects))


class _Said:
    """What a reply already says, by lemma and sentence, and what the fixes kept so far wrote.
    A replacement must not say again what the reply says ("Мы вернули вам деньги" in the next
    sentence), nor what another fix wrote in place of other words, nor bring a subject its
    sentence already has ("Нами будет осуществлён возврат" -> "Нами мы вернём")."""

    def __init__(self, tokens):
        self.places: dict[str, list[Token]] = {}
        for token in tokens:
            for lemma in token.lemmas:
                self.places.setdefault(lemma, []).append(token)
        self.written: dict[frozenset[frozenset[str]], set[str]] = {}  # content -> the words it replaced

    def _elsewhere(self, lemma: str, span: Span) -> list[Token]:
        return [t for t in self.places.get(lemma, ()) if t.end <= span.start or span.end <= t.start]

    def repeats(self, edit: Edit, sentence: int, wording: _Wording) -> bool:
        for subject in wording.subjects:
            if any(t.sentence == sentence for t in self._elsewhere(subject, edit.span)):
                return True
        if not wording.content:
            return False
        if self.written.get(wording.content, {_plain(edit.old)}) - {_plain(edit.old)}:
            return True
        common: set[int] | None = None
        for lemmas in wording.content:
            sentences = {t.sentence for lemma in lemmas for t in self._elsewhere(lemma, edit.span)}
            common = sentences if common is None else common & sentences
            if not common:
                return False
        return True

    def add(self, edit: Edit, wording: _Wording) -> None:
        self.written.setdefault(wording.content, set()).add(_plain(edit.old))


def _plain(words: str) -> str:
    return " ".join(words.lower().split())


def apply_edits(text: str, edits) -> str:
    """The text with non-overlapping edits applied."""
    pieces = []
    last = 0
    for edit in sorted(edits, key=lambda e: e.span.start):
        pieces += (text[last:edit.span.start], edit.new)
        last = edit.span.end
    pieces.append(text[last:])
    return "".join(pieces)


# Readers whose reply is the file's own text, offset for offset (markup blanked by spaces):
# the files `fix` rewrites. A template inside YAML, JSON, CSV or JSONL is only linted.
REWRITABLE_READERS = frozenset({"plain", "markdown", "html"})


def rewritable(path: str) -> bool:
    return not path.endswith(".jsonl") and reader_for(path) in REWRITABLE_READERS


@dataclass(frozen=True)
class FixedText:
    """A file's text with its fixes: each reply linted as it is (`before`) and as fixed
    (`after`, the findings left), and the readers' errors (a CSV row without text)."""

    text: str
    fixed: str
    edits: tuple[Edit, ...]
    before: tuple[Result, ...]
    after: tuple[Result, ...]
    errors: tuple[InputError, ...]

    def position_before(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the text as it was of an offset into the fixed text
        (a place inside a replacement is where that replacement starts)."""
        shift = 0
        for edit in self.edits:
            start = edit.span.start + shift
            if offset < start:
                break
            if offset < start + len(edit.new):
                offset = start
                break
            shift += len(edit.new) - len(edit.old)
        return self._lines.position(offset - shift)

    @cached_property
    def _lines(self) -> SourceText:
        return SourceText(self.text)


def fix_text(text: str, read: Callable[[str], Iterable[Reply | InputError]], linter, fixer: Fixer) -> FixedText:
    """Lint the replies `read` finds in `text` and fix those whose text is the file's own,
    offset for offset (plain text; Markdown and HTML, whose markup is blanked): an edit is
    made only where the file has exactly the words the reply has, so markup, entities and
    templates inside YAML, JSON or CSV are never rewritten."""
    replies, errors = [], []
    for item in read(text):
        (errors if isinstance(item, InputError) else replies).append(item)
    before = tuple(linter.lint(reply) for reply in replies)
    edits: list[Edit] = []
    for reply, result in zip(replies, before):
        if reply.origin is None and len(reply.text) == len(text):
            edits += (e for e in fixer.edits(reply, result) if text[e.span.start:e.span.end] == e.old)
    if not edits:
        return FixedText(text, text, (), before, before, tuple(errors))
    fixed = apply_edits(text, edits)
    after = tuple(linter.lint(item) for item in read(fixed) if not isinstance(item, InputError))
    return FixedText(text, fixed, tuple(sorted(edits, key=lambda e: e.span.start)), before, after, tuple(errors))
