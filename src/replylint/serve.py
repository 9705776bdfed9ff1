"""`replylint serve`: a playground page for trainers and POST /check for help-desk integrations.

POST /check answers with exactly the --format json document (report/json.py), one result.
The page is served inline (no CDN, no network) and only calls this server. Not for linting
logic (engine.py) or command-line parsing (cli.py).
"""
from __future__ import annotations

import json
import threading

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from .engine import Linter
from .model import Reply
from .morph import LANGUAGES
from .pack.schema import TEXT_LANGUAGES
from .report.html import SCRIPT as TIP_SCRIPT, STYLE
from .report.json import SCHEMA_VERSION, result_record
from .ui_text import all_labels

MAX_REQUEST_BYTES = 256 * 1024
REQUEST_PATH = "request"
# The page may only talk to this server and run its own inline code.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class RequestTooLarge(Exception):
    pass


def _error_document(message: str, status: int) -> JSONResponse:
    document = {"version": SCHEMA_VERSION, "results": [],
                "errors": [{"path": REQUEST_PATH, "line": 1, "column": 1, "message": message}]}
    return JSONResponse(document, status_code=status)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it is longer than `limit` (header or stream)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _reply_from(payload) -> Reply | str:
    """The Reply a request asks for, or the problem with the request."""
    if not isinstance(payload, dict):
        return "the body must be a JSON object with a 'reply' string"
    text = payload.get("reply")
    if not isinstance(text, str):
        return "'reply' (a string) is required"
    complaint = payload.get("complaint")
    if complaint is not None and not isinstance(complaint, str):
        return "'complaint' must be a string"
    lang = payload.get("lang") or None
    if lang == "auto":
        lang = None
    if lang is not None and lang not in LANGUAGES:
        return f"'lang' must be one of auto, {', '.join(LANGUAGES)}"
    record_id = payload.get("id")
    if record_id is not None and not isinstance(record_id, (str, int)):
        return "'id' must be a string or a number"
    return Reply(path=REQUEST_PATH, text=text, lang=lang, complaint=complaint or None,
                 record_id=None if record_id is None else str(record_id))


def rule_explanations(pack) -> dict:
    """What the page shows beside a finding: the JSON contract carries message and
    suggestions only, so why and hint come from here, in English and, under `texts`, in each
    interface language (the page's language switch shows them without asking again)."""
    return {r.id: {"severity": r.severity, "kind": r.kind, "message": r.message.get("en"), "why": r.why.get("en"),
                   "hint": r.hint.get("en"),
                   "texts": {lang: {"message": r.message.get(lang), "why": r.why.get(lang), "hint": r.hint.get(lang)}
                             for lang in TEXT_LANGUAGES}}
            for r in pack.rules}


def create_app(compiled, *, max_request_bytes: int = MAX_REQUEST_BYTES) -> Starlette:
    linter = Linter(compiled)
    lock = threading.Lock()  # the pack compiles its indexes lazily; one lint at a time is plenty
    explanations = rule_explanations(linter.pack)

    def lint(reply: Reply):
        with lock:
            return linter.lint(reply)

    async def page(request: Request):
        return HTMLResponse(PAGE, headers=SECURITY_HEADERS)

    async def rules(request: Request):
        return JSONResponse(explanations)

    async def check(request: Request):
        try:
            body = await _body(request, max_request_bytes)
        except RequestTooLarge:
            return _error_document(f"request larger than {max_request_bytes} bytes", 413)
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return _error_document(f"invalid JSON: {exc}", 400)
        reply = _reply_from(payload)
        if isinstance(reply, str):
            return _error_document(reply, 400)
        result = await run_in_threadpool(lint, reply)
        return JSONResponse({"version": SCHEMA_VERSION, "results": [result_record(result)], "errors": []})

    return Starlette(routes=[
        Route("/", page),
        Route("/rules", rules),
        Route("/check", check, methods=["POST"]),
    ])


PAGE_STYLE = """
.playground { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 800px) { .playground { grid-template-columns: 1fr; } }
label { font-weight: 600; display: block; margin-bottom: 4px; }
textarea { width: 100%; min-height: 180px; font: inherit; padding: 8px; border: 1px solid #dadce0; border-radius: 6px; }
.controls { display: flex; gap: 12px; align-items: center; margin-top: 8px; }
button { font: inherit; padding: 6px 16px; border-radius: 6px; border: 1px solid #1a73e8; background: #1a73e8; color: #fff; cursor: pointer; }
#status { color: var(--muted); font-size: 13px; }
"""

PAGE_SCRIPT = """
(function () {
  var rules = {};
  var counter = 0, timer = null, last = null;
  var $ = function (id) { return document.getElementById(id); };
  // The interface language: the switch's, or with auto the language the last result speaks.
  var LABELS = JSON.parse($('labels').textContent), shown = 'en';
  function say(key) { return (LABELS[shown] || LABELS.en)[key]; }
  // The page's labels, and each rule's message, why and hint, in the language shown.
  function relabel() {
    Object.keys(rules).forEach(function (id) { Object.assign(rules[id], (rules[id].texts || {})[shown]); });
    document.documentElement.lang = shown;
    document.querySelectorAll('[data-label]').forEach(function (el) { el.textContent = say(el.dataset.label); });
    document.querySelectorAll('[data-placeholder]').forEach(function (el) { el.placeholder = say(el.dataset.placeholder); });
  }
  // Explanations first, so the first result already shows why and how to fix.
  var ready = fetch('rules').then(function (r) { return r.json(); }).then(function (data) { rules = data; })
    .catch(function () {});

  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) {
    return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]; }); }

  // (line, column) of the JSON contract -> index into the reply's code points.
  function offsets(chars) {
    var starts = [0];
    for (var i = 0; i < chars.length; i++) {
      if (chars[i] === '\\r' && chars[i + 1] === '\\n') { starts.push(i + 2); i++; }
      else if (chars[i] === '\\r' || chars[i] === '\\n') starts.push(i + 1);
    }
    return function (line, column) { return (starts[line - 1] || 0) + column - 1; };
  }

  var RANK = {suggestion: 0, warning: 1, error: 2};
  function highlight(text, findings) {
    var chars = Array.from(text), at = offsets(chars);
    var spans = findings.map(function (f) { return [at(f.line, f.column), at(f.end_line, f.end_column)]; });
    var cuts = [0, chars.length];
    spans.forEach(function (s) { cuts.push(s[0], s[1]); });
    cuts = Array.from(new Set(cuts)).sort(function (a, b) { return a - b; });
    var html = '';
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1], piece = esc(chars.slice(a, b).join(''));
      var covering = [];
      spans.forEach(function (s, i) { if (s[0] <= a && b <= s[1] && s[1] > s[0]) covering.push(i); });
      if (!covering.length) { html += piece; continue; }
      var worst = covering.reduce(function (w, i) { return RANK[findings[i].severity] > RANK[findings[w].severity] ? i : w; });
      var absence = covering.every(function (i) { return (rules[findings[i].rule] || {}).kind === 'absence'; });
      var ruleIds = Array.from(new Set(covering.map(function (i) { return findings[i].rule; }))).sort().join(' ');
      html += '<mark class="sev-' + findings[worst].severity + (absence ? ' absence' : '') + '" data-rules="' + ruleIds +
              '" data-findings="' + covering.map(function (i) { return 'f' + i; }).join(' ') + '" tabindex="0">' + piece + '</mark>';
    }
    return html;
  }

  function item(f, i) {
    f = Object.assign({}, f, {message: (rules[f.rule] || {}).message || f.message});
    var r = rules[f.rule] || {};
    var out = '<li class="finding sev-' + f.severity + '" id="f' + i + '" data-rule="' + esc(f.rule) + '">' +
      '<span class="pos">' + f.line + ':' + f.column + '</span> <span class="sev">' + f.severity + '</span> ' +
      '<code class="rule">' + esc(f.rule) + '</code> ' + esc(f.message);
    if (f.text) out += '<div class="flagged">«' + esc(f.text) + '»</div>';
    if (r.why) out += '<div class="why">' + esc(say('why')) + ' ' + esc(r.why) + '</div>';
    if (r.hint) out += '<div class="fix">' + esc(say('fix')) + ' ' + esc(r.hint) + '</div>';
    if (f.suggestions && f.suggestions.length) out += '<div class="try">' + esc(say('try')) + ' ' + esc(f.suggestions.join(' / ')) + '</div>';
    return out + '</li>';
  }

  function show(text, doc) {
    var result = doc.results[0], choice = $('ui-lang').value;
    last = {text: text, doc: doc};
    shown = choice === 'auto' ? (result.ui_lang || 'en') : choice;
    relabel();
    var score = $('score');
    score.textContent = result.score + '/100';
    score.className = 'score ' + (result.score >= 90 ? 'good' : result.score >= 60 ? 'fair' : 'poor');
    $('lang-found').textContent = result.lang || '??';
    $('highlighted').innerHTML = highlight(text, result.findings);
    $('notices').textContent = result.notices.join(' ');
    $('findings').innerHTML = result.findings.map(item).join('') ||
      '<li class="note">' + esc(say('no_findings')) + '</li>';
  }

  function check() {
    var text = $('reply').value, mine = ++counter;
    var body = {reply: text, lang: $('lang').value};
    if ($('complaint').value.trim()) body.complaint = $('complaint').value;
    $('status').textContent = say('checking');
    ready.then(function () {
      return fetch('check', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    }).then(function (r) { return r.json(); })
      .then(function (doc) {
        if (mine !== counter) return;  // a newer request is on its way
        if (doc.errors.length) { $('status').textContent = doc.errors[0].message; return; }
        show(text, doc);
        $('status').textContent = '';
        document.body.dataset.checked = String(mine);
      })
      .catch(function (e) { $('status').textContent = say('unreachable') + e; });
  }

  function later() { clearTimeout(timer); timer = setTimeout(check, 300); }
  $('reply').addEventListener('input', later);
  $('complaint').addEventListener('input', later);
  $('lang').addEventListener('change', check);
  $('ui-lang').addEventListener('change', function () {
    if (last) { show(last.text, last.doc); return; }
    shown = $('ui-lang').value === 'auto' ? 'en' : $('ui-lang').value;
    relabel();
  });
  $('check').addEventListener('click', check);
})();
"""

# The page's labels in every interface language, for its language switch ("</" would end the script).
_LABELS_JSON = json.dumps(all_labels(), ensure_ascii=False).replace("</", "<\\/")

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>replylint playground</title><style>{STYLE}{PAGE_STYLE}</style></head>
<body data-checked="0"><main class="report">
<h1 data-label="playground_title">replylint playground</h1>
<section class="card"><div class="playground">
<div><label for="complaint" data-label="complaint">The customer's complaint</label>
<textarea id="complaint" data-placeholder="complaint_placeholder" placeholder="Paste what the customer wrote (optional)"></textarea></div>
<div><label for="reply" data-label="draft">Draft reply</label>
<textarea id="reply" data-placeholder="draft_placeholder" placeholder="Paste or type the reply you want to send"></textarea></div>
</div>
<div class="controls"><button id="check" type="button" data-label="check">Check</button>
<label for="lang" style="display:inline;font-weight:400" data-label="language">language</label>
<select id="lang"><option value="auto">auto</option><option>ru</option><option>uk</option><option>bg</option><option>en</option></select>
<label for="ui-lang" style="display:inline;font-weight:400" data-label="ui_language">interface</label>
<select id="ui-lang"><option value="auto">auto</option><option>ru</option><option>uk</option><option>bg</option><option>en</option></select>
<span id="status" role="status"></span></div></section>
<section class="card reply" id="result"><header><h2 data-label="result">Result</h2><span class="lang" id="lang-found"></span>
<span class="score" id="score">–</span></header>
<p class="note" id="notices"></p>
<div class="text" id="highlighted"></div>
<ol class="findings" id="findings"></ol></section>
</main><div id="tip" role="tooltip"></div>
<script type="application/json" id="labels">{_LABELS_JSON}</script>
<script>{PAGE_SCRIPT}</script><script>{TIP_SCRIPT}</script></body></html>
"""
