"""`replylint explain`: one rule as a trainer shows it - why it hurts, what to write, and a
bad reply beside its good rewrite in each language. Not for linting (see engine.py).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .model import Reply
from .pack.schema import Rule
from .ui_text import labels

# Every label of an example is padded to one width (at least this), so the replies line up
# under each other.
_LABEL_WIDTH = 10
_EXAMPLE_LABELS = ("try", "customer", "bad", "missing", "good", "autofix")


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


def _labelled(label: str, text: str, width: int, label_width: int = _LABEL_WIDTH) -> list[str]:
    """`text` under its label, each of its lines wrapped to `width` (words are never split)."""
    indent = " " * (2 + label_width)
    lines = []
    for line in text.split("\n"):
        lines += textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent,
                               break_long_words=False, break_on_hyphens=False) or [indent]
    lines[0] = f"  {label + ':':<{label_width}}" + lines[0][len(indent):]
    return lines


def format_explanation(explanation: Explanation, width: int = 88, ui_lang: str = "en") -> str:
    """The explanation as text, its texts and labels in the interface language `ui_lang`."""
    rule = explanation.rule
    said = labels(ui_lang)
    names = {name: said[f"example_{name}"] for name in _EXAMPLE_LABELS}
    label_width = max(_LABEL_WIDTH, *(len(name) + 2 for name in names.values()))  # name, colon, space

    def labelled(name: str, text: str) -> list[str]:
        return _labelled(names[name], text, width, label_width)

    kind = said["kind_rule"].format(kind=rule.kind)
    lines = [f"{rule.id}  ·  {rule.severity}  ·  {kind}  ·  {', '.join(rule.languages)}",
             *textwrap.wrap(rule.message.get(ui_lang), width, initial_indent="  ", subsequent_indent="  "), ""]
    lines += _block(said["why_it_hurts"], rule.why.get(ui_lang), width)
    if rule.hint:
        lines += _block(said["write_instead"], rule.hint.get(ui_lang), width)
    if rule.kind == "absence":
        lines += [f"  {said['never_added']}", ""]
    for pair in explanation.pairs:
        lines.append(said["example"].format(lang=pair.lang))
        if rule.suggestions.get(pair.lang):
            lines += labelled("try", " / ".join(rule.suggestions[pair.lang]))
        if pair.complaint:
            lines += labelled("customer", pair.complaint)
        lines += labelled("bad", _marked(pair.bad, pair.flagged))
        if rule.kind != "phrase":
            # Nothing to bracket: the rule flags what the reply leaves out.
            lines += labelled("missing", rule.message.get(ui_lang))
        lines += labelled("good", pair.good)
        if pair.fixed is not None:
            lines += labelled("autofix", pair.fixed)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
