"""`replylint explain`: one rule as a trainer shows it - why it hurts, what to write, and a
bad reply beside its good rewrite in each language. Not for linting (see engine.py).
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from .model import Reply
from .pack.schema import Rule

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ExamplePair:
    """A flagged reply and a rewrite of the same reply that the rule accepts."""

    lang: str
    bad: str
    flagged: str | None
    good: str
    fixed: bool  # True when `good` is `bad` after `replylint fix`


@dataclass(frozen=True)
class Explanation:
    rule: Rule
    pairs: tuple[ExamplePair, ...]


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) > 2)


def _likeness(a: str, b: str) -> float:
    first, second = _words(a), _words(b)
    return len(first & second) / (len(first | second) or 1)


def _fixed_pair(rule: Rule, lang: str, linter) -> ExamplePair | None:
    """A fail example that `replylint fix` turns into a reply the rule accepts."""
    from .fix import Fixer, apply_edits

    fixer = Fixer(linter)
    for example in rule.examples[lang].fail:
        reply = Reply(path="example", text=example.text, lang=lang, complaint=example.complaint)
        edits = [e for e in fixer.edits(reply, linter.lint(reply)) if e.rule == rule.id]
        if edits:
            return ExamplePair(lang, example.text, example.match, apply_edits(example.text, edits), True)
    return None


def example_pair(rule: Rule, lang: str, linter=None) -> ExamplePair | None:
    """The best bad/good pair: a fixed example if the rule has fixes, else the fail and pass
    examples that share the most words (the same situation, told badly and well)."""
    examples = rule.examples.get(lang)
    if examples is None:
        return None
    if linter is not None and rule.replacements.get(lang):
        pair = _fixed_pair(rule, lang, linter)
        if pair is not None:
            return pair
    plain = [p for p in examples.passing if not p.text.lstrip().startswith(">")] or list(examples.passing)
    best = max(
        ((f, p) for f in examples.fail for p in plain),
        key=lambda pair: _likeness(pair[0].text, pair[1].text),
    )
    return ExamplePair(lang, best[0].text, best[0].match, best[1].text, False)


def explain_rule(rule: Rule, languages: tuple[str, ...], linter=None) -> Explanation:
    pairs = tuple(p for p in (example_pair(rule, lang, linter) for lang in languages) if p is not None)
    return Explanation(rule, pairs)


def _block(title: str, body: str, width: int) -> list[str]:
    return [title, *textwrap.wrap(" ".join(body.split()), width - 2, initial_indent="  ", subsequent_indent="  "), ""]


def _marked(text: str, flagged: str | None) -> str:
    if flagged and flagged in text:
        return text.replace(flagged, f"[{flagged}]", 1)
    return text


def format_explanation(explanation: Explanation, width: int = 88) -> str:
    rule = explanation.rule
    lines = [f"{rule.id}  ·  {rule.severity}  ·  {rule.kind} rule  ·  {', '.join(rule.languages)}",
             f"  {rule.message}", ""]
    lines += _block("Why it hurts", rule.why, width)
    if rule.hint:
        lines += _block("What to write instead", rule.hint, width)
    if rule.kind == "absence":
        lines += ["  (replylint never adds this text for you: only you know what to say.)", ""]
    for pair in explanation.pairs:
        lines.append(f"Example ({pair.lang})")
        if rule.suggestions.get(pair.lang):
            lines.append("  try:   " + " / ".join(rule.suggestions[pair.lang]))
        lines.append("  bad:   " + _marked(pair.bad, pair.flagged).replace("\n", "\n         "))
        good_label = "fixed: " if pair.fixed else "good:  "
        lines.append(f"  {good_label}" + pair.good.replace("\n", "\n         "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
