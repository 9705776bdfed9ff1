"""Reply x RulePack -> Result: segment, tokenize, match, check, score. Never prints.

Not for reading files or rendering: see inputs.py and report/.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .checks import KINDS
from .checks.base import ReplyContext
from .match import find_matches
from .model import Finding, Reply, Result, Span
from .pack.compile import CompiledPack
from .pack.schema import Rule, RulePack
from .score import score_reply
from .segment import segment
from .tokens import tokenize


@dataclass(frozen=True)
class Selection:
    """Which rules run and at which severity (from config and flags)."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severities: dict[str, str] = field(default_factory=dict)

    def active(self, rule: Rule) -> bool:
        if rule.id in self.ignore:
            return False
        return self.select is None or rule.id in self.select


class Linter:
    def __init__(self, pack: RulePack | CompiledPack, selection: Selection | None = None):
        self.compiled = pack if isinstance(pack, CompiledPack) else CompiledPack(pack)
        self.pack = self.compiled.pack
        self.selection = selection or Selection()
        self.rules = tuple(r for r in self.pack.rules if self.selection.active(r))

    def _finding(self, rule: Rule, span: Span, doc, lang: str | None) -> Finding:
        line, column = doc.position(span.start)
        end_line, end_column = doc.position(span.end)
        return Finding(
            rule=rule.id,
            severity=self.selection.severities.get(rule.id, rule.severity),
            message=rule.message,
            span=span,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            text=doc.text[span.start:span.end],
            suggestions=rule.suggestions.get(lang or "", ()),
            hint=rule.hint,
        )

    def lint(self, reply: Reply) -> Result:
        doc = segment(reply.text, reply.lang)
        tokens = tokenize(doc)
        grouped: dict[tuple[str, str], list] = {}
        for m in find_matches(tokens, self.compiled):
            grouped.setdefault((m.pattern.rule, m.pattern.role), []).append(m)
        complaint_tokens = None
        if reply.complaint and reply.complaint.strip():
            complaint_doc = segment(reply.complaint)
            complaint_tokens = tokenize(complaint_doc)
        context = ReplyContext(doc, tokens, grouped, complaint_tokens)
        languages = {t.lang for t in tokens if t.lang}
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.kind != "overlap" and not (languages & set(rule.patterns)):
                continue
            for span in KINDS[rule.kind].find(rule, context):
                findings.append(self._finding(rule, span, doc, doc.lang))
        findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
        return Result(
            path=reply.path,
            record_id=reply.record_id,
            lang=doc.lang,
            score=score_reply(findings, self.pack.weights),
            findings=tuple(findings),
            notices=doc.notices,
        )
