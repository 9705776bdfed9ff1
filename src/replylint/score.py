"""Findings -> a score from 0 to 100: a pure function of the findings and the pack's weights.

Each rule costs its severity's weight once, however often it fires: one habit repeated
is still one habit to fix, and the score stays easy to explain.
"""
from __future__ import annotations

from collections.abc import Iterable

from .model import Finding


def score_reply(findings: Iterable[Finding], weights: dict[str, int]) -> int:
    worst: dict[str, int] = {}
    for finding in findings:
        worst[finding.rule] = max(worst.get(finding.rule, 0), weights.get(finding.severity, 0))
    return max(0, 100 - sum(worst.values()))
