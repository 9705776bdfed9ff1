"""Run every rule's own examples through the real engine: the rule pack's unit tests.

Used by the generic pytest test and by `replylint selftest` for a team's own rules.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Reply
from .schema import Location, RulePack


@dataclass(frozen=True)
class ExampleCase:
    rule: str
    lang: str
    expect: str  # "fail" (the rule must fire) or "pass" (it must stay silent)
    index: int
    text: str
    match: str | None
    complaint: str | None
    location: Location

    @property
    def name(self) -> str:
        return f"{self.rule}/{self.lang}/{self.expect}/{self.index}"


def example_cases(pack: RulePack, rule_ids: frozenset[str] | None = None) -> Iterator[ExampleCase]:
    for rule in pack.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        for lang, examples in sorted(rule.examples.items()):
            for i, ex in enumerate(examples.fail):
                yield ExampleCase(rule.id, lang, "fail", i, ex.text, ex.match, ex.complaint, ex.location)
            for i, ex in enumerate(examples.passing):
                yield ExampleCase(rule.id, lang, "pass", i, ex.text, None, ex.complaint, ex.location)


def check_example(case: ExampleCase, linter) -> str | None:
    """None when the example behaves as declared, else what went wrong, in one line."""
    result = linter.lint(Reply(path="example", text=case.text, lang=case.lang, complaint=case.complaint))
    flagged = [f.text for f in result.findings if f.rule == case.rule]
    if case.expect == "pass":
        if flagged:
            return f"{case.name} must not fire, but flagged {flagged}"
        return None
    if not flagged:
        return f"{case.name} must fire, but did not"
    if case.match is not None and case.match not in flagged:
        return f"{case.name} must flag exactly {case.match!r}, flagged {flagged}"
    return None


def verify_team_examples(compiled) -> None:
    """Raise PackError at the first example of a rule from outside the built-in pack that does
    not behave as declared. `check` calls this on every run: a team pack has a few dozen
    examples (milliseconds); the built-in pack's examples are run by the test suite instead."""
    from pathlib import Path

    from ..engine import Linter
    from .schema import PackError
    from .sources import builtin_rules_dir

    builtin = builtin_rules_dir().resolve()
    team = frozenset(r.id for r in compiled.pack.rules if Path(r.location.path).resolve().parent != builtin)
    if not team:
        return
    linter = Linter(compiled)
    for case in example_cases(compiled.pack, team):
        problem = check_example(case, linter)
        if problem:
            raise PackError(case.location, f"example {problem} (run 'replylint selftest' for all)")
