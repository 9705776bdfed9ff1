"""The canonical rule ids (the contract between the rule pack, its tests and the corpora),
and how an id that names no rule is told to the user."""
from __future__ import annotations

from collections.abc import Iterable

PHRASE_RULES = (
    "compare-to-others", "self-justification", "debt-wording", "philosophical-opener",
    "redirect-channel", "hiding-behind-policy", "own-workload", "blame-client",
    "passing-the-buck", "vague-promise", "dismissive-tone", "bureaucratese",
    "useless-compensation",
)
ABSENCE_RULES = ("missing-apology", "missing-next-step", "missing-thanks", "ignores-the-problem")
CANONICAL_RULES = frozenset(PHRASE_RULES + ABSENCE_RULES)


def closest_rule_id(rule_id: str, known: Iterable[str]) -> str | None:
    """The known id that `rule_id` is most likely a typo of, if one is close enough."""
    from difflib import get_close_matches

    close = get_close_matches(rule_id, sorted(known), n=1, cutoff=0.75)
    return close[0] if close else None


def unknown_rule_id(rule_id: str, known: Iterable[str]) -> str:
    """`unknown rule id 'debt-wordng' (did you mean 'debt-wording'? see 'replylint rules')`."""
    close = closest_rule_id(rule_id, known)
    guess = f"did you mean '{close}'? " if close else ""
    return f"unknown rule id '{rule_id}' ({guess}see 'replylint rules')"
