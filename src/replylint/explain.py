"""`replylint explain`: one rule as a trainer shows it - why it hurts, what to write, and a
bad reply beside its good rewrite in each language. Not for linting (see engine.py).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .model import Reply
from .pack.schema import Rule

# Every label of an example is padded to one width, so the replies line up under each other.
_LABEL_WIDTH = 10


@dataclass(frozen=True)
class ExamplePair:
    """A reply the rule flags and the same reply rewritten so that it does not: by the pack's
    convention, the first fail and the first pass example of a language."""

    lang: str
    bad: str
    flagged: str | None  # the words the rule flags in `bad`, shown in [brackets]
    good: str
    complaint: str | None  # the customer's message both replies answer, if the example has one
    fixed: str | None = None  # `bad` after `replylint fix`, when the rule has a fix for it


@dataclass(frozen=True)
class Explanation:
    rule: Rule
    pairs: tuple[ExamplePair, ...]


def _fixed(rule: Rule, lang: str, text: str, complaint: str | None, linter) -> str | None:
    """What `replylint fix` makes of the bad reply, or None when no fix of this rule applies."""
    from .fix import Fixer, apply_edits

    reply = Reply(path="example", text=text, lang=lang, complaint=complaint)
    edits = [e for e in Fixer(linter).edits(reply, linter.lint(reply)) if e.rule == rule.id]
    return apply_edits(text, edits) if edits else None


def example_pair(rule: Rule, lang: str, linter=None) -> ExamplePair | None:
    """The language's first fail example and its rewrite, the first pass example; with a
    linter, also the bad reply after `replylint fix` when the rule can fix it."""
    examples = rule.examples.get(lang)
    if examples is None:
        return None
    bad, good = examples.fail[0], examples.passing[0]
    fixed = None
    if linter is not None and rule.replacements.get(lang):
        fixed = _fixed(rule, lang, bad.text, bad.complaint, linter)
    return ExamplePair(lang, bad.text, bad.match, good.text, bad.complaint, fixed)


def explain_rule(rule: Rule, languages: tuple[str, ...], linter=None) -> Explanation:
    pairs = tuple(p for p in (example_pair(rule, lang, linter) for lang in languages) if p is not None)
    return Explanation(rule, pairs)


def _block(title: str, body: str, width: int) -> list[str]:
    return [title, *textwrap.wrap(" ".join(body.split()), width - 2, initial_indent="  ", subsequent_indent="  "), ""]


def _marked(text: str, flagged: str | None) -> str:
    if flagged and flagged in text:
        return text.replace(flagged, f"[{flagged}]", 1)
    return text


def _labelled(label: str, text: str, width: int) -> list[str]:
    """`text` under its label, each of its lines wrapped to `width` (words are never split)."""
    indent = " " * (2 + _LABEL_WIDTH)
    lines = []
    for line in text.split("\n"):
        lines += textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent,
                               break_long_words=False, break_on_hyphens=False) or [indent]
    lines[0] = f"  {label + ':':<{_LABEL_WIDTH}}" + lines[0][len(indent):]
    return lines


def format_explanation(explanation: Explanation, width: int = 88) -> str:
    rule = explanation.rule
    lines = [f"{rule.id}  ·  {rule.severity}  ·  {rule.kind} rule  ·  {', '.join(rule.languages)}",
             *textwrap.wrap(rule.message.get("en"), width, initial_indent="  ", subsequent_indent="  "), ""]
    lines += _block("Why it hurts", rule.why.get("en"), width)
    if rule.hint:
        lines += _block("What to write instead", rule.hint.get("en"), width)
    if rule.kind == "absence":
        lines += ["  (replylint never adds this text for you: only you know what to say.)", ""]
    for pair in explanation.pairs:
        lines.append(f"Example ({pair.lang})")
        if rule.suggestions.get(pair.lang):
            lines += _labelled("try", " / ".join(rule.suggestions[pair.lang]), width)
        if pair.complaint:
            lines += _labelled("customer", pair.complaint, width)
        lines += _labelled("bad", _marked(pair.bad, pair.flagged), width)
        if rule.kind != "phrase":
            # Nothing to bracket: the rule flags what the reply leaves out.
            lines += _labelled("missing", rule.message.get("en"), width)
        lines += _labelled("good", pair.good, width)
        if pair.fixed is not None:
            lines += _labelled("autofix", pair.fixed, width)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
