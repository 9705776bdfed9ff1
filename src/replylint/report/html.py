"""--format html: one self-contained page (no network) for trainers and reviewers: each reply
with its findings highlighted in place (hover or click for why and how to fix), its score, and
a per-rule summary table. Streams like the other writers; never matches or scores.

Each reply's card speaks its result's interface language; the page's title and summary speak
the run's (--ui-lang), or with auto the one language all replies share, else English.
"""
from __future__ import annotations

from html import escape

from ..model import display_path
from ..pack.schema import TEXT_LANGUAGES
from ..ui_text import DEFAULT_UI_LANG, labels

# Shared with the playground page (serve.py), so a highlight looks the same in both.
STYLE = """
:root { --error: #c62828; --warning: #995c00; --suggestion: #00695c; --muted: #5f6368; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: #202124; background: #f6f7f9; }
main.report { display: flex; flex-direction: column; gap: 16px; max-width: 980px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0; order: -2; }
.summary { order: -1; }
section.card { background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 16px 20px; }
.reply header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.reply h2 { font-size: 16px; margin: 0; word-break: break-all; }
.lang { color: var(--muted); text-transform: uppercase; font-size: 12px; }
.score { margin-left: auto; font-weight: 700; font-size: 18px; padding: 2px 10px; border-radius: 12px; }
.score.good { background: #e6f4ea; color: #137333; }
.score.fair { background: #fef7e0; color: #8a5a00; }
.score.poor { background: #fce8e6; color: #a50e0e; }
.text { white-space: pre-wrap; font: inherit; background: #fafafa; border-radius: 6px; padding: 10px 12px; margin: 12px 0; }
mark { background: none; color: inherit; cursor: pointer; text-decoration-line: underline;
       text-decoration-thickness: 2px; text-underline-offset: 3px; border-radius: 3px; }
mark.sev-error { text-decoration-color: var(--error); background: #fdecea; }
mark.sev-warning { text-decoration-color: var(--warning); background: #fff4e0; }
mark.sev-suggestion { text-decoration-color: var(--suggestion); background: #e0f2f1; }
mark.absence { text-decoration-style: dashed; background: none; }
mark:focus, mark.active { outline: 2px solid #1a73e8; }
ol.findings { margin: 0; padding-left: 20px; }
li.finding { margin: 6px 0; }
li.finding.active { background: #e8f0fe; border-radius: 4px; }
.sev { font-size: 12px; font-weight: 700; text-transform: uppercase; }
.sev-error .sev { color: var(--error); } .sev-warning .sev { color: var(--warning); }
.sev-suggestion .sev { color: var(--suggestion); }
.rule { font-family: ui-monospace, monospace; font-size: 13px; }
.pos, .flagged, .note { color: var(--muted); }
.why, .fix, .try { font-size: 14px; }
li.finding .why { display: none; } #tip .why, li.finding.active .why { display: block; }
.fix, .try { color: #137333; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; }
td.num, th.num { text-align: right; }
#tip { position: absolute; display: none; max-width: 420px; background: #fff; color: #202124; padding: 8px 12px;
       border: 1px solid #dadce0; border-radius: 6px; font-size: 13px; z-index: 10;
       box-shadow: 0 4px 16px rgba(60,64,67,.3); }
#tip li.finding { list-style: none; margin: 0; background: none; }
#tip li.finding + li.finding { border-top: 1px solid #eee; margin-top: 6px; padding-top: 6px; }
"""

# Hover or click on a highlight shows its findings (the same list items, cloned) in a popup:
# light, like the page, and placed where it covers neither the highlight nor the list items it
# repeats (above the highlight first: the list is below the text).
SCRIPT = """
(function () {
  var tip = document.getElementById('tip');
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function place(mark, items) {
    var box = mark.getBoundingClientRect(), gap = 6;
    tip.style.left = '0px'; tip.style.top = '0px'; tip.style.display = 'block';
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.max(4, Math.min(box.left, document.documentElement.clientWidth - width - 4));
    var avoid = [box].concat(items.map(function (item) { return item.getBoundingClientRect(); }));
    var tops = [box.top - height - gap, box.bottom + gap];
    var top = tops.find(function (t) {
      var spot = {left: left, right: left + width, top: t, bottom: t + height};
      return window.scrollY + t >= 0 && !avoid.some(function (a) { return overlaps(spot, a); });
    });
    tip.style.left = (window.scrollX + left) + 'px';
    tip.style.top = (window.scrollY + (top === undefined ? tops[1] : top)) + 'px';
  }
  function show(mark) {
    var section = mark.closest('.reply');
    section.querySelectorAll('.active').forEach(function (el) { el.classList.remove('active'); });
    tip.innerHTML = '';
    var items = [];
    (mark.dataset.findings || '').split(' ').forEach(function (id) {
      var item = document.getElementById(id);
      if (!item) return;
      item.classList.add('active');
      items.push(item);
      var copy = item.cloneNode(true); copy.removeAttribute('id'); copy.classList.remove('active');
      tip.appendChild(copy);
    });
    mark.classList.add('active');
    place(mark, items);
  }
  document.addEventListener('mouseover', function (e) { var m = e.target.closest && e.target.closest('mark'); if (m) show(m); });
  document.addEventListener('click', function (e) {
    var m = e.target.closest && e.target.closest('mark');
    if (m) show(m); else if (!e.target.closest('#tip')) tip.style.display = 'none';
  });
  document.addEventListener('focusin', function (e) { if (e.target.matches && e.target.matches('mark')) show(e.target); });
})();
"""


def score_class(score: int) -> str:
    return "good" if score >= 90 else "fair" if score >= 60 else "poor"


def _highlighted(text: str, findings, ids: list[str], kinds: dict[str, str]) -> str:
    """The reply with every flagged stretch in a <mark>; overlapping findings split the text
    at each boundary, and each piece names all the findings that cover it."""
    cuts = sorted({0, len(text)} | {f.span.start for f in findings} | {f.span.end for f in findings})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        chunk = escape(text[start:end])
        covering = [i for i, f in enumerate(findings) if f.span.start <= start and end <= f.span.end and f.span.end > f.span.start]
        if not covering:
            pieces.append(chunk)
            continue
        worst = max((findings[i] for i in covering), key=lambda f: ("suggestion", "warning", "error").index(f.severity))
        rules = " ".join(sorted({findings[i].rule for i in covering}))
        absence = all(kinds.get(findings[i].rule) == "absence" for i in covering)
        classes = f"sev-{worst.severity}" + (" absence" if absence else "")
        title = escape(" / ".join(f"{findings[i].rule}: {findings[i].message}" for i in covering), quote=True)
        pieces.append(f'<mark class="{classes}" data-rules="{escape(rules)}" data-findings="{" ".join(ids[i] for i in covering)}"'
                      f' tabindex="0" title="{title}">{chunk}</mark>')
    return "".join(pieces)


def finding_item(f, item_id: str, why: str, said: dict[str, str] | None = None) -> str:
    """One finding as a list item; `said` are the labels of the interface language."""
    said = said or labels(DEFAULT_UI_LANG)
    severity = said.get(f.severity, f.severity)
    parts = [f'<li class="finding sev-{f.severity}" id="{item_id}" data-rule="{escape(f.rule)}">',
             f'<span class="pos">{f.line}:{f.column}</span> <span class="sev">{severity}</span> ',
             f'<code class="rule">{escape(f.rule)}</code> {escape(f.message)}']
    if f.whole_reply:
        parts.append(f'<div class="flagged">{said["whole_reply"]}</div>')
    elif f.text:
        parts.append(f'<div class="flagged">«{escape(f.text)}»</div>')
    if why:
        parts.append(f'<div class="why">{said["why"]} {escape(why)}</div>')
    if f.hint:
        parts.append(f'<div class="fix">{said["fix"]} {escape(f.hint)}</div>')
    if f.suggestions:
        parts.append(f'<div class="try">{said["try"]} {escape(" / ".join(f.suggestions))}</div>')
    parts.append("</li>")
    return "".join(parts)


class Writer:
    """Streams the page: head and styles, one card per reply, then the summary and scripts."""
    reads_findings = True

    def __init__(self, out, *, pack=None, title: str | None = None, ui_lang: str = "auto", **_options):
        self.out = out
        # The run's interface language when it has one; with auto, the cards' languages decide.
        self.page_lang = ui_lang if ui_lang in TEXT_LANGUAGES else None
        self.title = title or labels(self.page_lang)["report_title"]
        self.card_langs: set[str] = set()
        self.rules = {r.id: r for r in pack.rules} if pack is not None else {}
        self.replies = 0
        self.score_total = 0
        self.clean = 0
        # rule id -> [severity, replies with it, findings]
        self.per_rule: dict[str, list] = {}

    def begin(self) -> None:
        self.out.write(f'<!DOCTYPE html>\n<html lang="{self.page_lang or DEFAULT_UI_LANG}"><head><meta charset="utf-8">'
                       f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                       f'<title>{escape(self.title)}</title><style>{STYLE}</style></head>\n'
                       f'<body><main class="report"><h1>{escape(self.title)}</h1>\n')

    @staticmethod
    def piece(result, text: str | None = None) -> str | None:
        return text  # each card shows the reply with its findings highlighted

    def result(self, result, text: str | None = None) -> None:
        number = self.replies
        self.replies += 1
        self.score_total += result.score
        self.clean += not result.findings
        for rule in {f.rule for f in result.findings}:
            severity = next(f.severity for f in result.findings if f.rule == rule)
            entry = self.per_rule.setdefault(rule, [severity, 0, 0])
            entry[1] += 1
        for f in result.findings:
            self.per_rule[f.rule][2] += 1
        path = display_path(result.path)
        name = path if result.record_id is None else f"{path} [{result.record_id}]"
        ids = [f"r{number}-f{i}" for i in range(len(result.findings))]
        kinds = {rule_id: rule.kind for rule_id, rule in self.rules.items()}
        self.card_langs.add(result.ui_lang)
        said = labels(result.ui_lang)
        # A card in another language than the page's says so, for screen readers and spelling.
        lang = "" if result.ui_lang == (self.page_lang or DEFAULT_UI_LANG) else f' lang="{escape(result.ui_lang)}"'
        out = [f'<section class="card reply" id="r{number}"{lang} data-path="{escape(path, quote=True)}" '
               f'data-score="{result.score}" data-findings="{len(result.findings)}">',
               f'<header><h2>{escape(name)}</h2><span class="lang">{escape(result.lang or "??")}</span>'
               f'<span class="score {score_class(result.score)}">{result.score}/100</span></header>']
        if result.min_score_failure:
            out.append(f'<p class="note fails">{said["fails"]} {escape(result.min_score_failure)}</p>')
        out.extend(f'<p class="note">{escape(notice)}</p>' for notice in result.notices)
        if text is not None:
            out.append(f'<div class="text">{_highlighted(text, result.findings, ids, kinds)}</div>')
        if result.findings:
            out.append('<ol class="findings">')
            for f, item_id in zip(result.findings, ids):
                rule = self.rules.get(f.rule)
                out.append(finding_item(f, item_id, rule.why.get(result.ui_lang) if rule else "", said))
            out.append("</ol>")
        else:
            out.append(f'<p class="note">{said["no_findings"]}</p>')
        out.append("</section>\n")
        self.out.write("".join(out))

    def end(self, errors) -> None:
        average = round(self.score_total / self.replies) if self.replies else 0
        lang = self.page_lang or (next(iter(self.card_langs)) if len(self.card_langs) == 1 else DEFAULT_UI_LANG)
        said = labels(lang)
        summary = said["summary_line"].format(replies=f'<span class="replies">{self.replies}</span>',
                                              clean=f'<span class="clean">{self.clean}</span>',
                                              average=f'<span class="average">{average}</span>')
        # Written after the cards, shown before them (CSS order): its language is known by now.
        lang_attribute = "" if lang == (self.page_lang or DEFAULT_UI_LANG) else f' lang="{lang}"'
        out = [f'<section class="card summary" id="summary"{lang_attribute}><h2>{said["summary"]}</h2>',
               f'<p>{summary}</p>']
        if self.per_rule:
            out.append(f'<table><thead><tr><th>{said["rule"]}</th><th>{said["severity"]}</th>'
                       f'<th class="num">{said["replies"]}</th><th class="num">{said["findings"]}</th>'
                       f'<th>{said["what_to_do"]}</th></tr></thead><tbody>')
            for rule_id, (severity, replies, count) in sorted(self.per_rule.items(), key=lambda kv: (-kv[1][1], kv[0])):
                rule = self.rules.get(rule_id)
                out.append(f'<tr data-rule="{escape(rule_id)}"><td><code class="rule">{escape(rule_id)}</code></td>'
                           f'<td class="sev-{severity}"><span class="sev">{said.get(severity, severity)}</span></td>'
                           f'<td class="num">{replies}</td><td class="num">{count}</td>'
                           f'<td>{escape(rule.hint.get(lang) if rule else "")}</td></tr>')
            out.append("</tbody></table>")
        if errors:
            out.append(f'<h3>{said["input_errors"]}</h3><ul class="errors">')
            out.extend(f"<li>{escape(str(e))}</li>" for e in errors)
            out.append("</ul>")
        out.append(f'</section>\n</main><div id="tip" role="tooltip"></div><script>{SCRIPT}</script></body></html>\n')
        self.out.write("".join(out))


def render(results, errors=(), **options) -> str:
    """The whole report as one string (see report.render_all)."""
    from . import render_all

    return render_all(Writer, results, errors, **options)
