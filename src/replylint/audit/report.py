"""Summary -> report/summary.json (the machine record) and report/index.html (for people).

summary_record() is the one serialisation: keys and lists in a fixed order, so the same
Summary always writes the same bytes. Not for counting (summary.py) or drawing (charts.py).
"""
from __future__ import annotations

import json
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


def write_report(summary: Summary, out_dir: Path, *, rules: dict | None = None) -> list[Path]:
    """Writes summary.json and index.html into out_dir (created if needed); returns both paths.
    `rules` maps rule id -> the pack's Rule, for messages and kinds on the page."""
    from .page import render_page  # needs the plotting extra; checked by the CLI beforehand

    out_dir.mkdir(parents=True, exist_ok=True)
    record = summary_record(summary)
    json_path = out_dir / "summary.json"
    json_path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    html_path = out_dir / "index.html"
    html_path.write_text(render_page(summary, record, rules or {}), encoding="utf-8")
    return [json_path, html_path]
