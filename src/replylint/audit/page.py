"""Summary -> report/index.html: one self-contained page (no network) for a QA lead: the
charts, the tables behind them, and the worst replies per rule with their highlights.

Not for counting or drawing: the record comes from report.py, the SVGs from charts.py.
"""
from __future__ import annotations

from html import escape

from ..report.html import STYLE, score_class
from . import charts
from .summary import Example, Summary

PAGE_STYLE = """
main.report { max-width: 1100px; }
.figures { display: flex; gap: 24px; flex-wrap: wrap; }
.figures div { min-width: 160px; } .figures b { display: block; font-size: 22px; }
figure { margin: 8px 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
details { margin: 6px 0; } summary { cursor: pointer; }
.example { border-top: 1px solid #eee; padding-top: 8px; margin-top: 8px; }
.example header { display: flex; gap: 12px; flex-wrap: wrap; color: var(--muted); font-size: 13px; }
.example .score { margin-left: auto; font-size: 14px; }
mark.this-rule { outline: 2px solid #1a73e8; }
.text.whole-reply { outline: 2px dashed #1a73e8; outline-offset: 2px; }
.missing { font-size: 13px; color: var(--muted); }
"""
SEVERITY_ORDER = ("suggestion", "warning", "error")
TOP_RULES_PER_ROW = 3


def _num(n) -> str:
    return "–" if n is None else f"{n:,.1f}" if isinstance(n, float) else f"{n:,}"


def _highlighted(example: Example, rule: str, kinds: dict[str, str]) -> str:
    """The reply with each flagged stretch marked; the stretches of `rule` are outlined. A
    finding about something missing (an absence rule) marks no words: its span is only the
    sentence it was pinned to, and outlining it cut that sentence into many boxes."""
    text = example.reply
    marks = [h for h in example.highlights if h.end > h.start and kinds.get(h.rule) != "absence"]
    cuts = sorted({0, len(text)} | {h.start for h in marks} | {h.end for h in marks})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        chunk = escape(text[start:end])
        covering = [h for h in marks if h.start <= start and end <= h.end]
        if not covering:
            pieces.append(chunk)
            continue
        worst = max(covering, key=lambda h: SEVERITY_ORDER.index(h.severity))
        classes = [f"sev-{worst.severity}"]
        if any(h.rule == rule for h in covering):
            classes.append("this-rule")
        title = escape(", ".join(sorted({h.rule for h in covering})), quote=True)
        pieces.append(f'<mark class="{" ".join(classes)}" title="{title}">{chunk}</mark>')
    return "".join(pieces)


def _example(example: Example, rule: str, kinds: dict[str, str]) -> str:
    facts = [f"{name}: {escape(value)}" for name, value in (
        ("id", example.id), ("agent", example.agent), ("team", example.team), ("channel", example.channel),
        ("sent", example.created_at), ("lang", example.lang)) if value]
    rules = ", ".join(sorted({h.rule for h in example.highlights}))
    missing = sorted({h.rule for h in example.highlights if kinds.get(h.rule) == "absence"})
    whole = " whole-reply" if rule in missing else ""  # this rule is about the reply as a whole
    lacks = (f'<div class="missing">missing from the whole reply: {escape(", ".join(missing))}</div>'
             if missing else "")
    return (f'<div class="example"><header>{" · ".join(facts)}'
            f'<span class="score {score_class(example.score)}">{example.score}</span></header>'
            f'{lacks}<div class="text{whole}">{_highlighted(example, rule, kinds)}</div>'
            f'<div class="note">rules: {escape(rules)}</div></div>')


def _figure(svg: str | None) -> str:
    return f"<figure>{svg}</figure>" if svg else '<p class="note">Not enough data for this chart.</p>'


def _tally_table(first: str, rows: list[dict]) -> str:
    head = (f'<tr><th>{escape(first)}</th><th class="num">replies</th><th class="num">mean score</th>'
            f'<th class="num">median</th><th>most frequent rules</th></tr>')
    body = []
    for row in rows:
        top = ", ".join(f"{escape(r)} ({n:,})" for r, n in list(row["rules"].items())[:TOP_RULES_PER_ROW])
        body.append(f'<tr><td>{escape(row["key"])}</td><td class="num">{_num(row["replies"])}</td>'
                    f'<td class="num">{_num(row["mean_score"])}</td><td class="num">{_num(row["median_score"])}</td>'
                    f"<td>{top}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def render_page(summary: Summary, record: dict, rules: dict) -> str:
    """`record` is summary_record(summary); `rules` maps rule id -> the pack's Rule (message, kind)."""
    kinds = {rule_id: rule.kind for rule_id, rule in rules.items()}
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>replylint audit</title><style>{STYLE}{PAGE_STYLE}</style></head><body>",
           '<main class="report"><h1>replylint audit</h1>']
    score = record["score"]
    by = ", ".join(summary.dimensions) or "–"
    out.append('<section class="card summary"><div class="figures">'
               f'<div><b>{_num(record["replies"])}</b>replies</div><div><b>{_num(record["words"])}</b>words</div>'
               f'<div><b>{_num(score["mean"])}</b>mean score</div><div><b>{_num(score["median"])}</b>median score</div>'
               f'<div><b>{_num(record["unreadable"])}</b>unreadable records</div></div>'
               f'<p class="note">grouped by {escape(by)}; period: {escape(summary.period)}; languages: '
               + escape(", ".join(f"{k} {v:,}" for k, v in record["languages"].items())) + "</p>")
    if record["errors"]:
        out.append("<ul>" + "".join(f"<li>{escape(m)}: {n:,}</li>" for m, n in record["errors"].items()) + "</ul>")
    out.append("</section>")

    out.append('<section class="card"><h2>How often each rule fires</h2>')
    out.append(_figure(charts.rule_frequency(summary)))
    rows = "".join(
        f'<tr><td><code class="rule">{escape(r["rule"])}</code></td><td class="num">{r["replies"]:,}</td>'
        f'<td class="num">{100 * r["share"]:.1f}%</td><td class="num">{r["findings"]:,}</td>'
        f'<td>{escape(rules[r["rule"]].message.get("en")) if r["rule"] in rules else ""}</td></tr>'
        for r in record["rules"])
    out.append('<details><summary>Table</summary><table><tr><th>rule</th><th class="num">replies</th>'
               f'<th class="num">share</th><th class="num">findings</th><th>message</th></tr>{rows}</table></details>')
    out.append("</section>")

    for dimension in summary.dimensions:
        out.append(f'<section class="card"><h2>Scores by {escape(dimension)}</h2>')
        out.append(_figure(charts.score_by_group(summary, dimension)))
        group_rows = [{"key": g["value"], **g} for g in record["groups"][dimension]]
        out.append(f"<details><summary>Table ({len(group_rows):,} groups)</summary>"
                   f"{_tally_table(dimension, group_rows)}</details></section>")

    if summary.period != "none":
        out.append(f'<section class="card"><h2>Trend by {escape(summary.period)}</h2>')
        out.append(_figure(charts.trend(summary)))
        period_rows = [{"key": p["period"], **p} for p in record["periods"]]
        out.append(f"<details><summary>Table</summary>{_tally_table(summary.period, period_rows)}</details></section>")

    out.append('<section class="card"><h2>Worst replies per rule</h2>'
               '<p class="note">Lowest score first; the outlined words are the rule\'s own findings. A rule '
               'about something missing (an apology, thanks, a next step) outlines the whole reply.</p>')
    for entry in record["rules"]:
        rule = entry["rule"]
        examples = summary.worst.get(rule, ())
        if not examples:
            continue
        message = f" — {escape(rules[rule].message.get('en'))}" if rule in rules else ""
        opened = " open" if rule == record["rules"][0]["rule"] else ""  # the most frequent rule
        out.append(f'<details{opened}><summary><code class="rule">{escape(rule)}</code>{message} '
                   f'({entry["replies"]:,} replies)</summary>')
        out.extend(_example(e, rule, kinds) for e in examples)
        out.append("</details>")
    out.append("</section></main></body></html>\n")
    return "".join(out)
