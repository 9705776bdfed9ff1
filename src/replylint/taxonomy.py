"""The canonical rule ids: the contract between the rule pack, its tests and the corpora."""

PHRASE_RULES = (
    "compare-to-others", "self-justification", "debt-wording", "philosophical-opener",
    "redirect-channel", "hiding-behind-policy", "own-workload", "blame-client",
    "passing-the-buck", "vague-promise", "dismissive-tone", "bureaucratese",
    "useless-compensation",
)
ABSENCE_RULES = ("missing-apology", "missing-next-step", "missing-thanks", "ignores-the-problem")
CANONICAL_RULES = frozenset(PHRASE_RULES + ABSENCE_RULES)
