"""Safe fixes: a phrase rule's `replace` entries turned into text edits, inflected to agree
with the words they replace. Not for deciding what is wrong (engine.py) or for diffs (cli.py).

A fix is offered only inside a finding of its rule and only if the edited reply no longer
triggers that rule there; absence rules are never fixed, as that would mean inventing text.
"""
from __future__ import annotations

from dataclasses import dataclass

from .match import find_matches
from .model import Reply, Span, Token
from .morph import analyser_for
from .pack.compile import CompiledPack
from .pack.load import TEMPLATE_SLOT
from .pack.schema import PackError, Replacement, Rule, RulePack
from .segment import segment
from .tokens import tokenize

VERB_LIKE = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})
NOUN_LIKE = frozenset({"NOUN"})
ADJECTIVE_LIKE = frozenset({"ADJF", "ADJS", "PRTF"})
# Grammatical categories a replacement word takes over from the word it replaces.
CATEGORIES = (
    frozenset({"past", "pres", "futr"}),
    frozenset({"sing", "plur"}),
    frozenset({"masc", "femn", "neut"}),
    frozenset({"1per", "2per", "3per"}),
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


def _source(tokens: list[Token], family: frozenset[str]) -> Token | None:
    """The matched word a slot agrees with: a finite verb before a participle or infinitive."""
    candidates = [t for t in tokens if t.parses and t.parses[0].grammemes & family]
    finite = [t for t in candidates if "VERB" in t.parses[0].grammemes]
    return (finite or candidates or [None])[0]


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
        if form:
            return form
    return None


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
        source = _source(matched, family)
        wanted = _wanted(source.parses[0].grammemes if source else frozenset(), forced)
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
                    finders.append(Rule(id=key, kind="phrase", severity=rule.severity, message="", why="",
                                        hint="", location=replacement.location,
                                        patterns={lang: (replacement.find,)}))
        self.finders = CompiledPack(RulePack(rules=tuple(finders), weights={}, sources=()))

    def _check_slots(self, lang: str, replacement: Replacement) -> None:
        known = analyser_for(lang).grammemes
        for slot in TEMPLATE_SLOT.finditer(replacement.write):
            for gram in (slot.group("grams") or "").split(","):
                if gram.strip() and gram.strip() not in known:
                    raise PackError(replacement.location, f"unknown grammeme '{gram.strip()}' for {lang} in '{replacement.write}'")

    def edits(self, reply: Reply, result) -> tuple[Edit, ...]:
        """Safe edits for one linted reply, in text order, never overlapping."""
        findings = [f for f in result.findings if any(r.id == f.rule and r.replacements for r in self.linter.rules)]
        if not findings:
            return ()
        tokens = tokenize(segment(reply.text, reply.lang))
        candidates: list[Edit] = []
        for match in find_matches(tokens, self.finders):
            rule, lang, replacement = self.entries[match.pattern.rule]
            span = match.span
            if not any(f.rule == rule.id and f.span.start < span.end and span.start < f.span.end for f in findings):
                continue
            self._check_slots(lang, replacement)
            matched = [t for t in tokens if span.start <= t.start and t.end <= span.end]
            new = render_template(replacement.write, lang, matched)
            if new is None:
                continue
            old = reply.text[span.start:span.end]
            candidates.append(Edit(rule.id, span, old, _match_case(new, old)))
        kept: list[Edit] = []
        for edit in sorted(candidates, key=lambda e: (e.span.start, -e.span.end)):
            if kept and edit.span.start < kept[-1].span.end:
                continue
            if self._silences(reply, result, edit):
                kept.append(edit)
        return tuple(kept)

    def _silences(self, reply: Reply, result, edit: Edit) -> bool:
        """True if, after the edit, the rule has fewer findings and none inside the new words."""
        fixed = apply_edits(reply.text, (edit,))
        before = sum(f.rule == edit.rule for f in result.findings)
        after = self.linter.lint(Reply(path=reply.path, text=fixed, lang=reply.lang, complaint=reply.complaint))
        end = edit.span.start + len(edit.new)
        hits = [f for f in after.findings if f.rule == edit.rule]
        return len(hits) < before and not any(f.span.start < end and edit.span.start < f.span.end for f in hits)


def apply_edits(text: str, edits) -> str:
    """The text with non-overlapping edits applied (from the end, so offsets stay valid)."""
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[:edit.span.start] + edit.new + text[edit.span.end:]
    return text
