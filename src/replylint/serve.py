"""`replylint serve`: a playground page for trainers and POST /check for help-desk integrations.

POST /check answers with exactly the --format json document (report/json.py), one result;
every other answer to a request, a refusal or a failure included, is that document with the
problem in `errors`. Lints run in a few worker processes, off the event loop. The page is
served inline (no CDN, no network) and only calls this server. Not for linting logic
(engine.py) or command-line parsing (cli.py).
"""
from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import signal
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from .engine import Linter
from .inputs import without_surrogates
from .model import Reply
from . import languages
from .pack.schema import TEXT_LANGUAGES
from .report.html import SCRIPT as TIP_SCRIPT, STYLE
from .report.json import SCHEMA_VERSION, result_record
from .ui_text import all_labels

MAX_REQUEST_BYTES = 256 * 1024
REQUEST_PATH = "request"
# A client gets this long for a request's headers, and then for its body: a connection that
# trickles them in (slow-loris) is closed instead of being held open for ever.
HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 20.0
# A reply (with its complaint) up to this many characters lints in milliseconds; a 220 KiB
# one takes seconds. Long ones may occupy every worker but one, which stays for short ones.
SHORT_REQUEST_CHARS = 8 * 1024
MAX_WORKERS = 4
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# On every response: the page may only talk to this server and run its own inline code, and
# no other site may frame it (clickjacking) or learn where its visitors came from.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class RequestProblem(Exception):
    """A request that cannot be linted: its message and HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _error_document(message: str, status: int) -> JSONResponse:
    document = {"version": SCHEMA_VERSION, "results": [],
                "errors": [{"path": REQUEST_PATH, "line": 1, "column": 1, "message": message}]}
    return JSONResponse(document, status_code=status)


async def _body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused as soon as it is longer than `limit` (header or stream) or
    when it has not all arrived within `timeout` seconds."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestProblem(f"request larger than {limit} bytes", 413)

    async def read() -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise RequestProblem(f"request larger than {limit} bytes", 413)
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(read(), timeout)
    except asyncio.TimeoutError:
        raise RequestProblem(f"the request body did not arrive within {timeout:g} s", 408) from None


def _payload(request: Request, body: bytes):
    """The JSON value a POST /check carries; RequestProblem for anything else."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json":
        # Only JSON: a form or text/plain POST is what another site's page may send unasked.
        raise RequestProblem("the body must be JSON, sent with 'Content-Type: application/json'", 415)
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RequestProblem(f"the body is not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise RequestProblem(f"invalid JSON: {exc}") from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise RequestProblem("invalid JSON: a number with too many digits") from None
    except RecursionError:
        raise RequestProblem("invalid JSON: nested too deeply") from None


def _reply_from(payload) -> Reply:
    """The Reply a request asks for (lone surrogates replaced, as in JSONL, with a notice);
    RequestProblem naming what is wrong with it."""
    if not isinstance(payload, dict):
        raise RequestProblem("the body must be a JSON object with a 'reply' string")
    text = payload.get("reply")
    if not isinstance(text, str):
        raise RequestProblem("'reply' (a string) is required")
    complaint = payload.get("complaint")
    if complaint is not None and not isinstance(complaint, str):
        raise RequestProblem("'complaint' must be a string")
    lang = payload.get("lang") or None
    if lang == "auto":
        lang = None
    if lang is not None and languages.get(lang) is None:
        raise RequestProblem(f"'lang' must be one of auto, {', '.join(languages.codes())}")
    record_id = payload.get("id")
    if record_id is not None and (isinstance(record_id, bool) or not isinstance(record_id, (str, int))):
        raise RequestProblem("'id' must be a string or a number")
    return without_surrogates(Reply(path=REQUEST_PATH, text=text, lang=lang, complaint=complaint or None,
                                     record_id=None if record_id is None else str(record_id)))


def rule_explanations(pack) -> dict:
    """What the page shows beside a finding: the JSON contract carries message and
    suggestions only, so why and hint come from here, in English and, under `texts`, in each
    interface language (the page's language switch shows them without asking again)."""
    return {r.id: {"severity": r.severity, "kind": r.kind, "message": r.message.get("en"), "why": r.why.get("en"),
                   "hint": r.hint.get("en"),
                   "texts": {lang: {"message": r.message.get(lang), "why": r.why.get(lang), "hint": r.hint.get(lang)}
                             for lang in TEXT_LANGUAGES}}
            for r in pack.rules}


_worker_linter: Linter | None = None


def _start_worker(linter: Linter, server_pid: int) -> None:
    """In each worker: the linter, Ctrl-C left to the server (it reaches the whole process
    group), SIGTERM's default action back (a fork inherits uvicorn's handler, which would
    keep the worker alive), and an exit once the server is gone, even killed: an orphan
    worker would keep the server's port bound."""
    global _worker_linter
    _worker_linter = linter
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_without, args=(server_pid,), daemon=True).start()


def _exit_without(server_pid: int) -> None:
    while os.getppid() == server_pid:
        time.sleep(1)
    os._exit(0)


def _lint_record(reply: Reply) -> dict:
    """In a worker: the JSON contract's record of one reply."""
    return result_record(_worker_linter.lint(reply))


class LintPool:
    """A few worker processes that lint off the event loop, so that the server keeps
    answering while they work. Long requests may occupy every worker but one: a short
    request waits only behind other short ones. A worker that dies fails the requests it
    held (500) and the pool is started afresh for the next ones."""

    def __init__(self, linter: Linter, workers: int):
        self.linter = linter
        self.workers = max(2, workers)
        self._executor = None
        self._long_lane: asyncio.Semaphore | None = None
        self._lane_loop = None

    def start(self) -> None:
        if self._executor is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Every language compiled here first: forked workers inherit the indexes.
        for lang in languages.codes():
            self.linter.compiled.index(lang)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                             initializer=_start_worker, initargs=(self.linter, os.getpid()))
        # Forked now, at start-up, rather than while the first request waits.
        self._executor.submit(os.getpid).result()

    def close(self) -> None:
        """Waits for the workers to exit: uvicorn ends the process with the signal that stopped
        it, before the pool's own clean-up would run."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _lane(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._lane_loop is not loop:  # a semaphore belongs to one event loop
            self._long_lane, self._lane_loop = asyncio.Semaphore(self.workers - 1), loop
        return self._long_lane

    async def lint(self, reply: Reply) -> dict:
        loop = asyncio.get_running_loop()
        short = len(reply.text) + len(reply.complaint or "") <= SHORT_REQUEST_CHARS
        try:
            if short:
                return await self._run(loop, reply)
            async with self._lane():
                return await self._run(loop, reply)
        except BrokenProcessPool:
            raise RequestProblem("a lint worker process died (out of memory?); please retry", 500) from None

    async def _run(self, loop, reply: Reply) -> dict:
        self.start()
        executor = self._executor
        try:
            return await loop.run_in_executor(executor, _lint_record, reply)
        except BrokenProcessPool:
            if self._executor is executor:  # the first request to hear of it starts a new pool
                self._executor = None
            executor.shutdown(wait=False)
            raise


def _host_name(host: str) -> str:
    """'127.0.0.1:8765' -> '127.0.0.1', '[::1]:8765' -> '::1', lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Guard:
    """The outermost layer: every response carries SECURITY_HEADERS (a failure's included),
    and a request is refused (403) when it comes from another site's page (an Origin that
    is not this server) or, on a loopback server, under a name that is not a loopback one
    (DNS rebinding: a site whose name now points at 127.0.0.1)."""

    def __init__(self, app, allowed_hosts: frozenset[str] | None):
        self.app = app
        self.allowed_hosts = allowed_hosts

    def _refusal(self, headers: Headers) -> str | None:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and _host_name(host) not in self.allowed_hosts:
            return "this server answers only to a loopback name (localhost, 127.0.0.1)"
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc.lower() != host.strip().lower():
            return "requests from another site's page are refused"
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message):
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        refusal = self._refusal(Headers(scope=scope))
        if refusal is not None:
            await _error_document(refusal, 403)(scope, receive, secured)
            return
        await self.app(scope, receive, secured)


def create_app(compiled, *, max_request_bytes: int = MAX_REQUEST_BYTES, body_timeout: float = BODY_TIMEOUT,
               allowed_hosts: frozenset[str] | None = None, workers: int | None = None):
    """The ASGI app. `allowed_hosts`: the host names accepted in the Host header (None: any,
    for a server behind a proxy); `workers`: lint processes (default: the cores, 2 to 4)."""
    from .runner import default_jobs

    linter = Linter(compiled)
    pool = LintPool(linter, workers or min(MAX_WORKERS, default_jobs()))
    explanations = rule_explanations(linter.pack)

    async def page(request: Request):
        return HTMLResponse(PAGE)

    async def rules(request: Request):
        return JSONResponse(explanations)

    async def check(request: Request):
        try:
            body = await _body(request, max_request_bytes, body_timeout)
            record = await pool.lint(_reply_from(_payload(request, body)))
        except RequestProblem as problem:
            return _error_document(str(problem), problem.status)
        return JSONResponse({"version": SCHEMA_VERSION, "results": [record], "errors": []})

    async def http_error(request: Request, exc: HTTPException):
        return _error_document(exc.detail, exc.status_code)

    async def internal_error(request: Request, exc: Exception):
        return _error_document(f"internal error ({type(exc).__name__}); please report it", 500)

    @asynccontextmanager
    async def lifespan(app):
        pool.start()  # workers forked before the first connection, not during a request
        try:
            yield
        finally:
            pool.close()

    app = Starlette(routes=[
        Route("/", page),
        Route("/rules", rules),
        Route("/check", check, methods=["POST"]),
    ], exception_handlers={HTTPException: http_error, Exception: internal_error}, lifespan=lifespan)
    return Guard(app, allowed_hosts)


def _deadline_protocol(header_timeout: float):
    """uvicorn's h11 protocol with a deadline for each request's headers, from the connection
    (or the previous response) on: uvicorn itself waits for them for ever."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class DeadlineH11Protocol(H11Protocol):
        _deadline = None

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._await_request()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._await_request()

        def connection_lost(self, exc) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def _await_request(self) -> None:
            previous = self.cycle  # a new request replaces it once its headers are complete
            if self._deadline is not None:
                self._deadline.cancel()

            def expire() -> None:
                if self.cycle is previous and not self.transport.is_closing():
                    self.transport.close()

            self._deadline = self.loop.call_later(header_timeout, expire)

    return DeadlineH11Protocol


def server(compiled, host: str, port: int, *, header_timeout: float = HEADER_TIMEOUT,
           body_timeout: float = BODY_TIMEOUT, workers: int | None = None):
    """The uvicorn server `replylint serve` runs (call .run()); a loopback host answers only
    to loopback names."""
    import uvicorn

    app = create_app(compiled, body_timeout=body_timeout, workers=workers,
                     allowed_hosts=LOOPBACK_NAMES if is_loopback(host) else None)
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                         http=_deadline_protocol(header_timeout)))


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
      html += '<mark class="sev-' + esc(findings[worst].severity) + (absence ? ' absence' : '') + '" data-rules="' + esc(ruleIds) +
              '" data-findings="' + covering.map(function (i) { return 'f' + i; }).join(' ') + '" tabindex="0">' + piece + '</mark>';
    }
    return html;
  }

  function item(f, i) {
    f = Object.assign({}, f, {message: (rules[f.rule] || {}).message || f.message});
    var r = rules[f.rule] || {};
    var out = '<li class="finding sev-' + esc(f.severity) + '" id="f' + i + '" data-rule="' + esc(f.rule) + '">' +
      '<span class="pos">' + f.line + ':' + f.column + '</span> <span class="sev">' + esc(say(f.severity) || f.severity) + '</span> ' +
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
