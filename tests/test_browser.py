"""The playground page and the HTML report in a real headless browser (Debian's chromium,
driven by Playwright; `playwright install` is never run). Tests never install anything: where
no chromium binary exists they skip with one line saying what to install (`.ci/run` installs it)."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.model import Reply

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _find_chromium() -> str | None:
    for candidate in (os.environ.get("REPLYLINT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the 'playwright' package (test extra) is not installed")
    executable = _find_chromium()
    if executable is None:
        pytest.skip("no chromium binary: install Debian's chromium (apt-get install chromium) or set REPLYLINT_CHROMIUM")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(pack):
    """The real app under uvicorn, on 127.0.0.1 and a free port, in a background thread."""
    uvicorn = pytest.importorskip("uvicorn", reason="the serve extra (uvicorn) is not installed")
    from replylint.serve import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(create_app(pack), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the replylint server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    instance.should_exit = True
    thread.join(timeout=10)


def _expect():
    # Locator assertions poll without evaluating strings, which the page's CSP forbids.
    from playwright.sync_api import expect

    return expect


def test_playground_highlights_findings_and_score_in_chromium(browser, server, linter):
    """Paste a complaint and a draft; the page marks each finding's exact words and shows the
    engine's score; a rewrite updates both; hovering a mark shows the rule's explanation."""
    complaint = "Вы списали с меня 300 рублей за поездку, которой не было! Верните деньги."
    draft = "Здравствуйте.\nМы проверили поездку и аннулировали ваш долг за лишний час."
    expected = linter.lint(Reply(path="request", text=draft, complaint=complaint))
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server)
    page.fill("#complaint", complaint)
    page.fill("#reply", draft)
    page.click("#check")  # typing has also scheduled a check; only the latest answer is shown
    _expect()(page.locator("body")).to_have_attribute("data-checked", re.compile(r"^[1-9]"), timeout=20000)

    assert page.inner_text("#score") == f"{expected.score}/100"
    debt = next(f for f in expected.findings if f.rule == "debt-wording")
    marks = page.locator('mark[data-rules~="debt-wording"]')
    assert marks.count() == 1 and marks.first.inner_text() == debt.text == "аннулировали ваш долг"
    shown = page.eval_on_selector_all("#findings li.finding", "items => items.map(i => i.dataset.rule)")
    assert sorted(shown) == sorted(f.rule for f in expected.findings)
    marks.first.hover()
    assert page.locator("#tip").is_visible()
    assert page.locator('#tip li[data-rule="debt-wording"] .fix').count() == 1

    good = ("Простите нас, пожалуйста, и спасибо, что написали. Списание было ошибкой: "
            "мы вернули 300 рублей за поездку, деньги придут на карту завтра.")
    fixed = linter.lint(Reply(path="request", text=good, complaint=complaint))
    page.fill("#reply", good)  # typing re-checks by itself
    _expect()(page.locator("#score")).to_have_text(f"{fixed.score}/100", timeout=20000)
    assert page.locator('mark[data-rules~="debt-wording"]').count() == 0
    assert not [url for url in requests if not url.startswith(server)], "the page must not load anything from elsewhere"
    page.close()


def test_examples_report_opens_in_chromium(browser, tmp_path):
    """`replylint check examples/ --format html` opens offline: one card per reply with the same
    score as --format json, bad examples highlighted with their rule, and a summary table."""
    runner = CliRunner()
    html = runner.invoke(main, ["check", str(EXAMPLES), "--format", "html", "--no-cache"])
    data = json.loads(runner.invoke(main, ["check", str(EXAMPLES), "--format", "json", "--no-cache"]).stdout)
    assert html.exit_code == 1 and data["results"]
    report = tmp_path / "examples.html"
    report.write_text(html.stdout, encoding="utf-8")

    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    cards = page.eval_on_selector_all("section.reply", "cards => cards.map(c => [c.dataset.path, Number(c.dataset.score)])")
    assert sorted(cards) == sorted([r["path"], r["score"]] for r in data["results"])

    bad = next(r for r in data["results"] if r["path"].endswith(os.path.join("ru", "debt-wording.bad.txt")))
    card = page.locator(f'section.reply[data-path="{bad["path"]}"]')
    mark = card.locator('mark[data-rules~="debt-wording"]').first
    flagged = next(f["text"] for f in bad["findings"] if f["rule"] == "debt-wording")
    assert mark.inner_text() == flagged
    mark.click()
    assert page.locator('#tip li[data-rule="debt-wording"]').is_visible()
    assert page.locator('#summary tr[data-rule="debt-wording"]').count() == 1
    assert page.inner_text("#summary .replies") == str(len(data["results"]))
    assert all(url.startswith("file://") for url in requests)
    page.close()
