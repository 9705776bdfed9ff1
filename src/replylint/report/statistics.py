"""--statistics: how often each rule fired over a run, most frequent first (like ruff's).

Not a --format: it is printed after any of them.
"""
from __future__ import annotations

from collections import Counter


class Tally:
    """Counts findings per rule as results stream by."""

    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.severities: dict[str, str] = {}

    def add(self, result) -> None:
        for finding in result.findings:
            self.counts[finding.rule] += 1
            self.severities[finding.rule] = finding.severity

    def render(self) -> str:
        if not self.counts:
            return "no findings\n"
        width = max(len(str(n)) for n in self.counts.values())
        rows = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return "".join(f"{count:>{width}}  {rule:<24} {self.severities[rule]}\n" for rule, count in rows)
