"""The playground speaks the language of the draft it checks (and the one its switch picks), in
a real headless browser; the same fixtures as test_browser.py (chromium skipped when absent)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from test_browser import _expect, browser, server  # noqa: F401 - fixtures shared with the playground tests
from test_ui_lang import DRAFTS

from replylint.ui_text import labels

pytestmark = pytest.mark.slow
# Where the screenshots go when asked for (REPLYLINT_SCREENSHOTS=DIR): a trainer's view of each language.
SCREENSHOTS = os.environ.get("REPLYLINT_SCREENSHOTS")


def _check(page, draft: str) -> None:
    before = page.locator("body").get_attribute("data-checked")
    page.fill("#reply", draft)
    page.click("#check")
    _expect()(page.locator("body")).not_to_have_attribute("data-checked", before, timeout=20000)
    _expect()(page.locator("body")).to_have_attribute("data-checked", re.compile(r"^[1-9]"), timeout=20000)


@pytest.mark.parametrize("lang", sorted(DRAFTS))
def test_playground_speaks_the_drafts_language(browser, server, pack, lang):  # noqa: F811
    said = labels(lang)
    page = browser.new_page()
    page.goto(server)
    _check(page, DRAFTS[lang])
    _expect()(page.locator("#check")).to_have_text(said["check"])
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_attribute("#reply", "placeholder") == said["draft_placeholder"]
    item = page.locator('#findings li[data-rule="debt-wording"]').first
    rule = pack.rule("debt-wording")
    assert rule.message.get(lang) in item.inner_text()
    assert item.locator(".fix").inner_text() == f'{said["fix"]} {rule.hint.get(lang)}'
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"playground-{lang}.png"), full_page=True)

    page.select_option("#ui-lang", "en")  # the switch: English advice under the same draft, no new request
    _expect()(page.locator("#check")).to_have_text(labels("en")["check"])
    assert rule.message.get("en") in page.locator('#findings li[data-rule="debt-wording"]').first.inner_text()
    page.close()
