"""Summary -> report/summary.json (the machine record) and report/index.html (for people).

summary_record() is the one serialisation: keys and lists in a fixed order, so the same
Summary always writes the same bytes. Not for counting (summary.py) or drawing (charts.py).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .summary import Example, Summary, Tally

SCHEMA_VERSION = "1"


def _mean(tally: Tally) -> float | None:
    mean = tally.mean_score
    return None if mean is None else round(mean, 2)


def _rules(counts: dict[str, int]) -> dict[str, int]:
    """Most frequent first, then by id."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def tally_record(tally: Tally) -> dict:
    return {
        "replies": tally.replies,
        "words": tally.words,
        "mean_score": _mean(tally),
        "median_score": tally.quantile(0.5),
        "rules": _rules(tally.rules),
    }


def example_record(example: Example) -> dict:
    return {
        "id": example.id, "agent": example.agent, "team": example.team, "channel": example.channel,
        "created_at": example.created_at, "lang": example.lang, "score": example.score,
        "reply": example.reply,
        "highlights": [{"rule": h.rule, "severity": h.severity, "start": h.start, "end": h.end}
                       for h in example.highlights],
    }


def summary_record(summary: Summary) -> dict:
    total = summary.total
    return {
        "version": SCHEMA_VERSION,
        "by": list(summary.dimensions),
        "period": summary.period,
        "replies": total.replies,
        "words": total.words,
        "unreadable": sum(summary.errors.values()),
        "errors": dict(sorted(summary.errors.items())),
        "score": {"mean": _mean(total), "median": total.quantile(0.5), "histogram": list(total.scores)},
        "rules": [
            {"rule": rule, "replies": n, "share": round(n / total.replies, 4) if total.replies else 0.0,
             "findings": summary.findings.get(rule, 0)}
            for rule, n in _rules(total.rules).items()
        ],
        "languages": dict(sorted(summary.languages.items())),
        "notices": dict(sorted(summary.notices.items())),
        "groups": {
            dimension: [{"value": value, **tally_record(tally)}
                        for value, tally in sorted(summary.groups.get(dimension, {}).items(),
                                                   key=lambda item: (-item[1].replies, item[0]))]
            for dimension in summary.dimensions
        },
        "periods": [{"period": key, **tally_record(tally)} for key, tally in sorted(summary.periods.items())],
        "worst": {rule: [example_record(e) for e in summary.worst[rule]] for rule in sorted(summary.worst)},
    }


def write_report(summary: Summary, out_dir: Path, *, rules: dict | None = None, ui_lang: str | None = None
                 ) -> list[Path]:
    """Writes summary.json and index.html into out_dir (created if needed); returns both paths.
    `rules` maps rule id -> the pack's Rule, for messages and kinds on the page.

    Both files are written in a temporary folder inside out_dir and renamed into place
    together, so an interrupted run (Ctrl-C while the charts are drawn) leaves the previous
    report whole, never a new summary.json beside an old index.html. Other files in out_dir
    are left alone."""
    from .page import render_page  # needs the plotting extra; checked by the CLI beforehand

    out_dir.mkdir(parents=True, exist_ok=True)
    record = summary_record(summary)
    staging = Path(tempfile.mkdtemp(prefix=".replylint-report-", dir=out_dir))
    try:
        (staging / "summary.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
        (staging / "index.html").write_text(render_page(summary, record, rules or {}, ui_lang), encoding="utf-8")
        with _interruptions_held():
            for name in REPORT_FILES:
                os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / name for name in REPORT_FILES]


REPORT_FILES = ("summary.json", "index.html")


@contextmanager
def _interruptions_held():
    """Ctrl-C and SIGTERM wait until the block is done: the renames happen both or neither."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
