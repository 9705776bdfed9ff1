"""The playground page and the HTML report in a real headless browser (Debian's chromium,
driven by Playwright; `playwright install` is never run). Tests never install anything: where
no chromium binary exists they skip with one line saying what to install (`.ci/run` installs it)."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.model import Reply

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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
        pytest.skip("no chromium binary: install Debian's chromium package (.ci/run does) or set REPLYLINT_CHROMIUM")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@contextmanager
def _serving(pack):
    """`replylint serve` as the command runs it, on 127.0.0.1 and a free port, in a thread."""
    pytest.importorskip("uvicorn", reason="the serve extra (uvicorn) is not installed")
    from replylint.serve import server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    instance = server(pack, "127.0.0.1", port, workers=2)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the replylint server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(pack):
    with _serving(pack) as url:
        yield url


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


# For every element of the popover that holds text: its computed colour, the colour of the
# first opaque background behind it, and the text.
_TEXT_COLOURS = """tip => {
  function background(el) {
    for (; el; el = el.parentElement) {
      const colour = getComputedStyle(el).backgroundColor;
      if (colour !== 'transparent' && !/^rgba\\(.*, 0\\)$/.test(colour)) return colour;
    }
    return 'rgb(255, 255, 255)';
  }
  return [tip, ...tip.querySelectorAll('*')]
    .filter(el => el.getClientRects().length && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(el => [getComputedStyle(el).color, background(el), el.textContent.trim().slice(0, 40)]);
}"""


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(c) / 255 for c in re.findall(r"[\d.]+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two computed CSS colours (opaque rgb/rgba)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def _assert_popover_readable_beside(page, mark, screenshot: Path) -> None:
    """Click `mark`: the popover's every text passes WCAG AA (4.5:1) on what is behind it, and
    it covers neither the highlight nor the list items it repeats."""
    mark.click()
    tip = page.locator("#tip")
    assert tip.is_visible()
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    texts = tip.evaluate(_TEXT_COLOURS)
    assert texts
    for foreground, background, text in texts:
        assert contrast(foreground, background) >= 4.5, (text, foreground, background)
    box = tip.bounding_box()
    explained = page.locator("li.finding.active")
    assert explained.count() >= 1
    for covered in [mark] + [explained.nth(i) for i in range(explained.count())]:
        assert not _overlap(box, covered.bounding_box())


def test_report_popover_is_readable_and_beside_what_it_explains(browser, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Здравствуйте!\nМы аннулировали ваш долг за вторые сутки. Это не наша вина, так решила система.\n",
                     encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text(CliRunner().invoke(main, ["check", str(draft), "--format", "html"]).stdout, encoding="utf-8")
    page = browser.new_page()
    page.goto(report.as_uri())
    _assert_popover_readable_beside(page, page.locator('mark[data-rules~="debt-wording"]').first,
                                    tmp_path / "report-popover.png")
    page.close()


def test_playground_popover_is_readable_and_beside_what_it_explains(browser, server, tmp_path):
    page = browser.new_page()
    page.goto(server)
    page.fill("#reply", "Здравствуйте.\nМы проверили поездку и аннулировали ваш долг за лишний час.")
    page.click("#check")
    _expect()(page.locator('mark[data-rules~="debt-wording"]')).to_have_count(1, timeout=20000)
    _assert_popover_readable_beside(page, page.locator('mark[data-rules~="debt-wording"]').first,
                                    tmp_path / "playground-popover.png")
    page.close()


def test_playground_highlight_keeps_a_quoted_rule_id_inside_its_attribute(browser, pack):
    """A team rule id with `"` in it must not close data-rules and add an event handler."""
    hostile = 'team" onfocus="document.body.dataset.injected=1'
    renamed = replace(pack, rules=tuple(replace(r, id=hostile) if r.id == "debt-wording" else r for r in pack.rules))
    with _serving(renamed) as url:
        page = browser.new_page()
        page.goto(url)
        page.fill("#reply", "Мы аннулировали ваш долг.")
        page.click("#check")
        mark = page.locator("#highlighted mark").filter(has_text="аннулировали ваш долг")
        _expect()(mark).to_have_count(1, timeout=20000)
        attributes = mark.evaluate("m => m.getAttributeNames()")
        assert sorted(attributes) == ["class", "data-findings", "data-rules", "tabindex"]
        assert hostile in mark.get_attribute("data-rules")
        mark.focus()
        mark.click()
        assert page.locator("body").get_attribute("data-injected") is None
        page.close()
