"""Linted replies -> a Summary that merges: counts per rule, group and period, score
histograms, and the worst replies per rule.

merge() is commutative and associative and every tie is broken by a total order on the
records, so any partitioning, on any engine, in any order, gives the same Summary. Not for
linting (worker.py) or rendering (report.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from ..model import Result
from .config import AuditConfig
from .periods import period_key
from .records import AuditRecord, RecordError

SCORE_BINS = 101  # scores are integers 0..100: an exact histogram, so quantiles merge exactly
NO_VALUE = "(none)"
# A reply shown as an example is cut here; its highlights past the cut are dropped.
EXAMPLE_CHARS = 4000


@dataclass(frozen=True)
class Tally:
    """Replies, words, score histogram and replies per rule, for the archive, a group or a period."""

    replies: int = 0
    words: int = 0
    scores: tuple[int, ...] = (0,) * SCORE_BINS
    rules: dict[str, int] = field(default_factory=dict)  # replies in which the rule fired

    @property
    def mean_score(self) -> float | None:
        if not self.replies:
            return None
        return sum(score * n for score, n in enumerate(self.scores)) / self.replies

    def quantile(self, q: float) -> int | None:
        """The lowest score with at least q of the replies at or below it."""
        if not self.replies:
            return None
        needed, seen = q * self.replies, 0
        for score, n in enumerate(self.scores):
            seen += n
            if n and seen >= needed:
                return score
        return SCORE_BINS - 1


def merge_tallies(a: Tally, b: Tally) -> Tally:
    return Tally(
        replies=a.replies + b.replies,
        words=a.words + b.words,
        scores=tuple(x + y for x, y in zip(a.scores, b.scores)),
        rules=_add(a.rules, b.rules),
    )


@dataclass(frozen=True, order=True)
class Highlight:
    rule: str
    severity: str
    start: int
    end: int


@dataclass(frozen=True)
class Example:
    """A reply shown as one of the worst for a rule, with every finding to highlight."""

    score: int
    reply: str
    highlights: tuple[Highlight, ...]
    id: str | None = None
    agent: str | None = None
    team: str | None = None
    channel: str | None = None
    created_at: str | None = None
    lang: str | None = None

    def rank(self) -> tuple:
        """Worst first: lowest score, then more findings; the rest only breaks ties stably."""
        return (self.score, -len(self.highlights), self.id or "", self.created_at or "", self.agent or "",
                self.team or "", self.channel or "", self.reply, self.highlights)


@dataclass(frozen=True)
class Summary:
    dimensions: tuple[str, ...]
    period: str
    examples: int
    total: Tally = field(default_factory=Tally)
    findings: dict[str, int] = field(default_factory=dict)  # findings per rule (a reply may have several)
    groups: dict[str, dict[str, Tally]] = field(default_factory=dict)  # dimension -> value -> tally
    periods: dict[str, Tally] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    notices: dict[str, int] = field(default_factory=dict)
    worst: dict[str, tuple[Example, ...]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)  # unreadable records per reason


def empty_summary(config: AuditConfig) -> Summary:
    return Summary(dimensions=config.dimensions, period=config.period, examples=config.examples,
                   groups={d: {} for d in config.dimensions})


def _add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for key, n in b.items():
        out[key] = out.get(key, 0) + n
    return out


def _merge_tally_maps(a: dict[str, Tally], b: dict[str, Tally]) -> dict[str, Tally]:
    out = dict(a)
    for key, tally in b.items():
        out[key] = merge_tallies(out[key], tally) if key in out else tally
    return out


def _worst(examples: Iterable[Example], keep: int) -> tuple[Example, ...]:
    return tuple(sorted(set(examples), key=Example.rank)[:keep])


def merge(a: Summary, b: Summary) -> Summary:
    if (a.dimensions, a.period, a.examples) != (b.dimensions, b.period, b.examples):
        raise ValueError("cannot merge summaries of differently configured audits")
    rules = set(a.worst) | set(b.worst)
    return Summary(
        dimensions=a.dimensions,
        period=a.period,
        examples=a.examples,
        total=merge_tallies(a.total, b.total),
        findings=_add(a.findings, b.findings),
        groups={d: _merge_tally_maps(a.groups.get(d, {}), b.groups.get(d, {})) for d in a.dimensions},
        periods=_merge_tally_maps(a.periods, b.periods),
        languages=_add(a.languages, b.languages),
        notices=_add(a.notices, b.notices),
        worst={r: _worst(a.worst.get(r, ()) + b.worst.get(r, ()), a.examples) for r in rules},
        errors=_add(a.errors, b.errors),
    )


def merge_all(summaries: Iterable[Summary], config: AuditConfig) -> Summary:
    return reduce(merge, summaries, empty_summary(config))


class _Counts:
    """A Tally while it is being counted."""

    def __init__(self):
        self.replies = 0
        self.words = 0
        self.scores = [0] * SCORE_BINS
        self.rules: Counter[str] = Counter()

    def add(self, words: int, score: int, rules: Iterable[str]) -> None:
        self.replies += 1
        self.words += words
        self.scores[min(max(score, 0), SCORE_BINS - 1)] += 1
        self.rules.update(rules)

    def tally(self) -> Tally:
        return Tally(self.replies, self.words, tuple(self.scores), dict(self.rules))


class SummaryBuilder:
    """Counts one partition of records; summary() freezes what was counted."""

    def __init__(self, config: AuditConfig):
        self.config = config
        self.total = _Counts()
        self.findings: Counter[str] = Counter()
        self.groups: dict[str, dict[str, _Counts]] = {d: {} for d in config.dimensions}
        self.periods: dict[str, _Counts] = {}
        self.languages: Counter[str] = Counter()
        self.notices: Counter[str] = Counter()
        self.worst: dict[str, list[Example]] = {}
        self.errors: Counter[str] = Counter()

    def add_error(self, error: RecordError) -> None:
        self.errors[error.message] += 1

    def add(self, record: AuditRecord, result: Result) -> None:
        words = len(record.reply.split())
        rules = sorted({f.rule for f in result.findings})
        self.total.add(words, result.score, rules)
        self.findings.update(f.rule for f in result.findings)
        lang = result.lang or NO_VALUE
        values = {"agent": record.agent, "team": record.team, "channel": record.channel, "lang": lang}
        for dimension, groups in self.groups.items():
            value = values[dimension] or NO_VALUE
            groups.setdefault(value, _Counts()).add(words, result.score, rules)
        period = period_key(record.created_at, self.config.period)
        self.periods.setdefault(period, _Counts()).add(words, result.score, rules)
        self.languages[lang] += 1
        self.notices.update(result.notices)
        if rules and self.config.examples:
            self._keep_example(record, result, rules)

    def _keep_example(self, record: AuditRecord, result: Result, rules: list[str]) -> None:
        text = record.reply[:EXAMPLE_CHARS]
        example = Example(
            score=result.score,
            reply=text,
            highlights=tuple(Highlight(f.rule, f.severity, f.span.start, f.span.end)
                             for f in result.findings if f.span.end <= len(text)),
            id=record.id, agent=record.agent, team=record.team, channel=record.channel,
            created_at=record.created_at, lang=result.lang,
        )
        keep = self.config.examples
        for rule in rules:
            kept = self.worst.setdefault(rule, [])
            kept.append(example)
            if len(kept) > 4 * keep:  # prune now and then: a partition stays small
                kept[:] = sorted(set(kept), key=Example.rank)[:keep]

    def summary(self) -> Summary:
        return Summary(
            dimensions=self.config.dimensions,
            period=self.config.period,
            examples=self.config.examples,
            total=self.total.tally(),
            findings=dict(self.findings),
            groups={d: {v: c.tally() for v, c in groups.items()} for d, groups in self.groups.items()},
            periods={p: c.tally() for p, c in self.periods.items()},
            languages=dict(self.languages),
            notices=dict(self.notices),
            worst={r: _worst(kept, self.config.examples) for r, kept in self.worst.items()},
            errors=dict(self.errors),
        )
