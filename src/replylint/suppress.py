"""Inline suppression: `replylint-disable` markers in a template, and the findings they drop.

Readers call `extract` (the markers are blanked so they are never linted as words); the
engine calls `apply` after the checks. Not for choosing rules per run: see engine.Selection.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .model import Finding, Span, Suppression
from .taxonomy import closest_rule_id
from .ui_text import UNUSED_SUPPRESSION

UNUSED_RULE = "unused-suppression"

# `<!-- replylint-disable debt-wording, blame-client -->` (HTML, Markdown, any text) and
# `# replylint: disable=debt-wording` / `{# replylint: disable=… #}` (plain text, Jinja).
# No ids silences every rule in the template.
_MARKER = re.compile(
    r"<!--\s*replylint-disable\b(?P<html>[^<>]*?)-->"  # [^<>]: never scans past the next marker
    r"|\{?#[ \t]*replylint:[ \t]*disable\b(?:[ \t]*=(?P<hash>[\w\-, \t]*))?[^\n]*"
)
_ID = re.compile(r"[a-z0-9][a-z0-9\-]*")


def parse_ids(value) -> frozenset[str]:
    """Rule ids from a marker or a collection field: "a, b", "a b" or a list."""
    if isinstance(value, str):
        return frozenset(_ID.findall(value))
    if isinstance(value, Iterable):
        return frozenset(i for item in value if isinstance(item, str) for i in _ID.findall(item))
    return frozenset()


def _text_position(text: str) -> Callable[[int], tuple[int, int]]:
    def locate(offset: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, offset) + 1
        return text.count("\n", 0, offset) + 1, offset - line_start + 1

    return locate


def extract(text: str, locate: Callable[[int], tuple[int, int]] | None = None
            ) -> tuple[str, tuple[Suppression, ...]]:
    """The text with every marker blanked by spaces (offsets unchanged), and the markers.
    `locate` maps a text offset to its file (line, column); by default the text is the file."""
    if "replylint" not in text:
        return text, ()
    locate = locate or _text_position(text)
    suppressions = []
    pieces = []
    last = 0
    for m in _MARKER.finditer(text):
        ids = m.group("html") if m.group("html") is not None else (m.group("hash") or "")
        line, column = locate(m.start())
        suppressions.append(Suppression(parse_ids(ids), line, column))
        pieces.append(text[last:m.start()])
        pieces.append(re.sub(r"[^\n]", " ", m.group(0)))
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), tuple(suppressions)


def apply(findings: list[Finding], suppressions: tuple[Suppression, ...], *, active: frozenset[str],
          known: frozenset[str], report_unused: bool = False, unused_severity: str = "warning",
          lang: str = "en") -> list[Finding]:
    """Findings not silenced by a marker, plus (when asked) one finding per marker, or per
    rule id in it, that silenced nothing or names no rule, said in the interface language
    `lang`. Known rules not run here are not reported: the marker may matter under another
    configuration."""
    if not suppressions:
        return findings
    silenced_all = any(not s.rules for s in suppressions)
    silenced = frozenset().union(*(s.rules for s in suppressions))
    fired = {f.rule for f in findings}
    kept = [f for f in findings if not silenced_all and f.rule not in silenced]
    if not report_unused:
        return kept
    for suppression in suppressions:
        if not suppression.rules:
            idle = [] if fired else [None]  # None: the marker that names no rule
        else:
            idle = sorted(r for r in suppression.rules
                          if r not in known or (r in active and r not in fired))
        for rule_id in idle:
            close = None
            if rule_id is None:
                said = UNUSED_SUPPRESSION["idle_all"]
            elif rule_id in known:
                said = UNUSED_SUPPRESSION["idle"]
            else:
                close = closest_rule_id(rule_id, known)
                said = UNUSED_SUPPRESSION["unknown_close" if close else "unknown"]
            kept.append(Finding(
                rule=UNUSED_RULE,
                severity=unused_severity,
                message=said.get(lang).format(rule=rule_id, close=close),
                span=Span(0, 0),
                line=suppression.line,
                column=suppression.column,
                end_line=suppression.line,
                end_column=suppression.column,
                text="",
            ))
    return kept
