"""What every check kind receives: one reply, its tokens and the pack's matches on it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..match import PatternMatch
from ..model import Document, Span, Token


@dataclass(frozen=True)
class ReplyContext:
    doc: Document
    tokens: tuple[Token, ...]
    matches: dict[tuple[str, str], list[PatternMatch]]
    complaint_tokens: tuple[Token, ...] | None = None
    # What a check could not judge ("the complaint is too short"): reported as the result's notices.
    notices: list[str] = field(default_factory=list)

    def found(self, rule: str, role: str) -> list[PatternMatch]:
        return self.matches.get((rule, role), [])

    def reply_point(self, which: str) -> Span:
        """An empty span where the reply's words start ("opening") or end ("closing"), for a
        finding about the whole reply: quoting its first sentence (often a greeting) would
        present that sentence as the problem."""
        if not self.tokens:
            return Span(0, 0)
        offset = self.tokens[0].start if which == "opening" else self.tokens[-1].end
        return Span(offset, offset)


def no_options(options: dict, fail) -> None:
    for key in options:
        fail(key, f"this kind takes no option '{key}'")


def gated(rule, context: ReplyContext) -> bool:
    """True when the rule's reply-wide conditions silence it: its `unless` patterns matched or
    its `requires` patterns did not (conditions scoped to a sentence are left to in_sentence)."""
    if rule.unless_scope == "reply" and context.found(rule.id, "unless"):
        return True
    if rule.requires and rule.requires_scope == "reply" and not context.found(rule.id, "requires"):
        return True
    return False


def in_sentence(rule, context: ReplyContext, found: list[PatternMatch]) -> list[PatternMatch]:
    """The matches whose own sentence passes the rule's sentence-scoped conditions: no `unless`
    match in it, a `requires` match in it. An excuse in one sentence ("demand beat the
    forecast") then does not silence a queue named in another."""
    if rule.unless_scope == "sentence":
        silenced = {m.sentence for m in context.found(rule.id, "unless")}
        found = [m for m in found if m.sentence not in silenced]
    if rule.requires and rule.requires_scope == "sentence":
        present = {m.sentence for m in context.found(rule.id, "requires")}
        found = [m for m in found if m.sentence in present]
    return found
