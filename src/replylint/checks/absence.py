"""kind: absence - flags a reply in which none of the rule's patterns is found (no apology,
no next step). The finding is about the whole reply: no words are quoted, and its position
is where the reply starts or ends (option `anchor`), where the missing part would go."""
from __future__ import annotations

from ..model import Span
from .base import ReplyContext, gated

ANCHORS = ("opening", "closing")
NEEDS_MATCHES = False
WHOLE_REPLY = True


def validate_options(options: dict, fail) -> None:
    for key, value in options.items():
        if key != "anchor":
            fail(key, f"kind 'absence' takes only the option 'anchor', not '{key}'")
        if value not in ANCHORS:
            fail(key, f"anchor must be one of {', '.join(ANCHORS)}")


def find(rule, context: ReplyContext) -> list[Span]:
    if not context.tokens or context.doc.lang is None:
        return []
    if context.found(rule.id, "patterns") or gated(rule, context):
        return []
    return [context.reply_point(rule.options.get("anchor", "opening"))]
