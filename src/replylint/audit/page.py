"""Summary -> report/index.html: one self-contained page (no network) for a QA lead: the
charts, the tables behind them, and the worst replies per rule with their highlights.

Not for counting or drawing: the record comes from report.py, the SVGs from charts.py.
"""
from __future__ import annotations

from html import escape

from ..pack.schema import TEXT_LANGUAGES
from ..report.html import STYLE, score_class
from ..ui_text import labels
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


def _example(example: Example, rule: str, kinds: dict[str, str], said: dict[str, str]) -> str:
    facts = [f"{name}: {escape(value)}" for name, value in (
        ("id", example.id), ("agent", example.agent), ("team", example.team), ("channel", example.channel),
        ("sent", example.created_at), ("lang", example.lang)) if value]
    rules = ", ".join(sorted({h.rule for h in example.highlights}))
    missing = sorted({h.rule for h in example.highlights if kinds.get(h.rule) == "absence"})
    whole = " whole-reply" if rule in missing else ""  # this rule is about the reply as a whole
    lacks = (f'<div class="missing">{escape(said["missing_whole"].format(rules=", ".join(missing)))}</div>'
             if missing else "")
    return (f'<div class="example"><header>{" · ".join(facts)}'
            f'<span class="score {score_class(example.score)}">{example.score}</span></header>'
            f'{lacks}<div class="text{whole}">{_highlighted(example, rule, kinds)}</div>'
            f'<div class="note">{escape(said["rules_found"].format(rules=rules))}</div></div>')


def _figure(svg: str | None, said: dict[str, str]) -> str:
    return f"<figure>{svg}</figure>" if svg else f'<p class="note">{escape(said["no_chart"])}</p>'


def _tally_table(first: str, rows: list[dict], said: dict[str, str]) -> str:
    head = (f'<tr><th>{escape(first)}</th><th class="num">{said["replies"]}</th><th class="num">{said["mean_score"]}</th>'
            f'<th class="num">{said["median"]}</th><th>{said["most_frequent_rules"]}</th></tr>')
    body = []
    for row in rows:
        top = ", ".join(f"{escape(r)} ({n:,})" for r, n in list(row["rules"].items())[:TOP_RULES_PER_ROW])
        body.append(f'<tr><td>{escape(row["key"])}</td><td class="num">{_num(row["replies"])}</td>'
                    f'<td class="num">{_num(row["mean_score"])}</td><td class="num">{_num(row["median_score"])}</td>'
                    f"<td>{top}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def page_language(record: dict, ui_lang: str | None) -> str:
    """The page's language: the one asked for, else (auto) the most frequent language of the
    audited replies when the interface speaks it, else English."""
    if ui_lang not in (None, "auto"):
        return ui_lang
    spoken = [lang for lang, _count in sorted(record["languages"].items(), key=lambda kv: -kv[1])]
    return next((lang for lang in spoken if lang in TEXT_LANGUAGES), "en")


def render_page(summary: Summary, record: dict, rules: dict, ui_lang: str | None = None) -> str:
    """`record` is summary_record(summary); `rules` maps rule id -> the pack's Rule (message, kind).
    Labels and rule messages speak `ui_lang` (see page_language); the charts' own labels are English."""
    lang = page_language(record, ui_lang)
    said = labels(lang)
    kinds = {rule_id: rule.kind for rule_id, rule in rules.items()}
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(said['audit_title'])}</title><style>{STYLE}{PAGE_STYLE}</style></head><body>",
           f'<main class="report"><h1>{escape(said["audit_title"])}</h1>']
    score = record["score"]
    by = ", ".join(summary.dimensions) or "–"
    languages = ", ".join(f"{k} {v:,}" for k, v in record["languages"].items())
    out.append('<section class="card summary"><div class="figures">'
               f'<div><b>{_num(record["replies"])}</b>{said["replies"]}</div>'
               f'<div><b>{_num(record["words"])}</b>{said["words"]}</div>'
               f'<div><b>{_num(score["mean"])}</b>{said["mean_score"]}</div>'
               f'<div><b>{_num(score["median"])}</b>{said["median_score"]}</div>'
               f'<div><b>{_num(record["unreadable"])}</b>{said["unreadable_records"]}</div></div>'
               f'<p class="note">{escape(said["grouped_by"].format(by=by, period=summary.period, languages=languages))}'
               "</p>")
    if record["errors"]:
        out.append("<ul>" + "".join(f"<li>{escape(m)}: {n:,}</li>" for m, n in record["errors"].items()) + "</ul>")
    out.append("</section>")

    out.append(f'<section class="card"><h2>{escape(said["rule_frequency"])}</h2>')
    out.append(_figure(charts.rule_frequency(summary), said))
    rows = "".join(
        f'<tr><td><code class="rule">{escape(r["rule"])}</code></td><td class="num">{r["replies"]:,}</td>'
        f'<td class="num">{100 * r["share"]:.1f}%</td><td class="num">{r["findings"]:,}</td>'
        f'<td>{escape(rules[r["rule"]].message.get(lang)) if r["rule"] in rules else ""}</td></tr>'
        for r in record["rules"])
    out.append(f'<details><summary>{said["table"]}</summary><table><tr><th>{said["rule"]}</th>'
               f'<th class="num">{said["replies"]}</th><th class="num">{said["share"]}</th>'
               f'<th class="num">{said["findings"]}</th><th>{said["message"]}</th></tr>{rows}</table></details>')
    out.append("</section>")

    for dimension in summary.dimensions:
        out.append(f'<section class="card"><h2>{escape(said["scores_by"].format(dimension=dimension))}</h2>')
        out.append(_figure(charts.score_by_group(summary, dimension), said))
        group_rows = [{"key": g["value"], **g} for g in record["groups"][dimension]]
        out.append(f"<details><summary>{escape(said['table_groups'].format(count=f'{len(group_rows):,}'))}</summary>"
                   f"{_tally_table(dimension, group_rows, said)}</details></section>")

    if summary.period != "none":
        out.append(f'<section class="card"><h2>{escape(said["trend_by"].format(period=summary.period))}</h2>')
        out.append(_figure(charts.trend(summary), said))
        period_rows = [{"key": p["period"], **p} for p in record["periods"]]
        out.append(f"<details><summary>{said['table']}</summary>{_tally_table(summary.period, period_rows, said)}"
                   "</details></section>")

    out.append(f'<section class="card"><h2>{escape(said["worst_replies"])}</h2>'
               f'<p class="note">{escape(said["worst_note"])}</p>')
    for entry in record["rules"]:
        rule = entry["rule"]
        examples = summary.worst.get(rule, ())
        if not examples:
            continue
        message = f" — {escape(rules[rule].message.get(lang))}" if rule in rules else ""
        opened = " open" if rule == record["rules"][0]["rule"] else ""  # the most frequent rule
        out.append(f'<details{opened}><summary><code class="rule">{escape(rule)}</code>{message} '
                   f'({entry["replies"]:,} {said["replies"]})</summary>')
        out.extend(_example(e, rule, kinds, said) for e in examples)
        out.append("</details>")
    out.append("</section></main></body></html>\n")
    return "".join(out)
