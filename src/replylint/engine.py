"""Reply x RulePack -> Result: segment, tokenize, match, check, score. Never prints.

Not for reading files or rendering: see inputs.py and report/.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .checks import KINDS
from .checks.base import ReplyContext
from . import languages
from .lang import has_letters_of, language_scores
from .match import find_matches
from .model import NOT_LINTED, Finding, Reply, Result, Span
from .pack.compile import CompiledPack
from .pack.schema import Rule, RulePack
from .score import score_reply
from .segment import segment, segment_whole
from .suppress import UNUSED_RULE
from .suppress import apply as apply_suppressions
from .tokens import tokenize
from .ui_text import NOT_LINTED_HINT, not_linted_message, ui_lang_for, unsupported_language

# Findings about the linting itself, not the reply: they cost no score.
_UNSCORED = frozenset({UNUSED_RULE, NOT_LINTED})


@dataclass(frozen=True)
class Selection:
    """Which rules run and at which severity (from config and flags)."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severities: dict[str, str] = field(default_factory=dict)
    report_unused_suppressions: bool = False
    report_not_linted: bool = False
    # The language of messages and hints: auto (each reply's own) or one of ui_text's.
    ui_lang: str = "auto"

    def active(self, rule: Rule) -> bool:
        if rule.id in self.ignore:
            return False
        return self.select is None or rule.id in self.select


def _complaint_lang(complaint: str, reply_lang: str | None) -> str | None:
    """The complaint's own language when it shows clear evidence, else the reply's: a short
    complaint ("Потеряли чемодан на пересадке") often carries no function word at all. Between
    two Cyrillic languages the evidence must include the other language's own letters: "Ну да,
    да за одну подписку" has three Bulgarian function words and is Russian."""
    scores = language_scores(complaint)
    best = max(scores, key=scores.get)
    if scores[best] >= 3 and (reply_lang is None or scores[best] > 2 * scores.get(reply_lang, 0)):
        if reply_lang in (None, "en") or best == "en" or has_letters_of(complaint, best):
            return best
    return reply_lang


class Linter:
    def __init__(self, pack: RulePack | CompiledPack, selection: Selection | None = None):
        self.compiled = pack if isinstance(pack, CompiledPack) else CompiledPack(pack)
        self.pack = self.compiled.pack
        self.selection = selection or Selection()
        self.rules = tuple(r for r in self.pack.rules if self.selection.active(r))
        # (rule, the languages it has patterns in, its check, the match group without which
        # the check flags nothing or None) for the loop run on every reply.
        self._checks = tuple((r, frozenset(r.patterns), KINDS[r.kind].find,
                              (r.id, "patterns") if KINDS[r.kind].NEEDS_MATCHES else None) for r in self.rules)
        self._whole_reply = frozenset(r.id for r in self.rules if KINDS[r.kind].WHOLE_REPLY)
        # Only an overlap rule compares the reply with the complaint.
        self._reads_complaint = any(r.kind == "overlap" for r in self.rules)
        self.active_ids = frozenset(r.id for r in self.rules)
        self.known_ids = frozenset(r.id for r in self.pack.rules)

    def _finding(self, rule: Rule, span: Span, doc, lang: str | None, ui_lang: str, origin=None) -> Finding:
        # A template inside YAML, JSON, CSV or JSONL: positions point into that file.
        position = origin.position if origin is not None else doc.position
        line, column = position(span.start)
        end_line, end_column = position(span.end)
        return Finding(
            rule=rule.id,
            severity=self.selection.severities.get(rule.id, rule.severity),
            message=rule.message.get(ui_lang),
            span=span,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            text=doc.text[span.start:span.end],
            suggestions=rule.suggestions.get(lang or "", ()),
            hint=rule.hint.get(ui_lang),
            whole_reply=rule.id in self._whole_reply,
        )

    def _not_linted(self, reply: Reply, why: str, ui_lang: str) -> list[Finding]:
        """The NOT_LINTED finding, about the whole reply, when the selection asks for it; `why`
        is the (English) notice that says why."""
        if not self.selection.report_not_linted:
            return []
        line, column = reply.origin.position(0) if reply.origin is not None else (1, 1)
        return [Finding(rule=NOT_LINTED, severity=self.selection.severities.get(NOT_LINTED, "warning"),
                        message=not_linted_message(why, ui_lang), span=Span(0, 0), line=line, column=column,
                        end_line=line, end_column=column, text="", hint=NOT_LINTED_HINT.get(ui_lang),
                        whole_reply=True)]

    def lint(self, reply: Reply) -> Result:
        # A record's own "lang" is user data: "RU" means ru, an unknown one applies no rule.
        lang = reply.lang.strip().lower() if reply.lang else None
        if languages.get(lang) is None:
            if lang not in (None, "", "auto"):
                notice = unsupported_language(reply.lang)
                ui_lang = ui_lang_for(self.selection.ui_lang, None)
                findings = self._not_linted(reply, notice, ui_lang)
                return Result(path=reply.path, record_id=reply.record_id, lang=None,
                              score=score_reply((), self.pack.weights), findings=tuple(findings),
                              notices=reply.notices + (notice,), ui_lang=ui_lang)
            lang = None
        doc = segment(reply.text, lang)
        ui_lang = ui_lang_for(self.selection.ui_lang, doc.lang)
        tokens = tokenize(doc)
        grouped: dict[tuple[str, str], list] = {}
        for m in find_matches(tokens, self.compiled):
            for owner in m.pattern.owners or ((m.pattern.rule, m.pattern.role),):
                grouped.setdefault(owner, []).append(m)
        complaint_tokens = None
        if self._reads_complaint and reply.complaint and reply.complaint.strip():
            complaint_tokens = tokenize(segment_whole(reply.complaint, _complaint_lang(reply.complaint, doc.lang)))
        context = ReplyContext(doc, tokens, grouped, complaint_tokens)
        sentence_languages = {s.lang for s in doc.sentences if s.lang}
        findings: list[Finding] = []
        for rule, rule_languages, find, needed in self._checks:
            if needed is not None and needed not in grouped:
                continue
            if rule.kind != "overlap" and sentence_languages.isdisjoint(rule_languages):
                continue
            for span in find(rule, context):
                findings.append(self._finding(rule, span, doc, doc.lang, ui_lang, reply.origin))
        if doc.lang is None and doc.notices:  # empty, or no supported language: nothing was checked
            findings += self._not_linted(reply, doc.notices[0], ui_lang)
        findings = apply_suppressions(
            findings, reply.suppressions, active=self.active_ids, known=self.known_ids,
            report_unused=self.selection.report_unused_suppressions,
            unused_severity=self.selection.severities.get(UNUSED_RULE, "warning"), lang=ui_lang)
        findings.sort(key=lambda f: (f.line, f.column, f.span.start, f.span.end, f.rule))
        return Result(
            path=reply.path,
            record_id=reply.record_id,
            lang=doc.lang,
            score=score_reply((f for f in findings if f.rule not in _UNSCORED), self.pack.weights),
            findings=tuple(findings),
            notices=reply.notices + doc.notices + tuple(context.notices),
            ui_lang=ui_lang,
        )
