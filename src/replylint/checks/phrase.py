"""kind: phrase - flags every place where one of the rule's patterns is found.

`unless` patterns anywhere in the reply silence the rule; `requires` patterns must be present
somewhere for it to fire (a promo code AND an unfixed problem, Вы AND ты). With
`unless_scope: sentence` / `requires_scope: sentence` they count only in the match's sentence.
"""
from __future__ import annotations

from ..model import Span
from .base import ReplyContext, gated, in_sentence, no_options

validate_options = no_options
# Nothing to flag unless the rule's own patterns matched: the engine skips the call then.
NEEDS_MATCHES = True
WHOLE_REPLY = False


def find(rule, context: ReplyContext) -> list[Span]:
    found = context.found(rule.id, "patterns")
    if not found or gated(rule, context):
        return []
    found = in_sentence(rule, context, found)
    spans = sorted({m.span for m in found}, key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue  # overlapping matches of one rule are one finding
        kept.append(span)
    return kept
