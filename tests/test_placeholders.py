"""Help-desk and template-engine placeholders never produce findings themselves and never
break the matching of the words around them."""
import pytest

from replylint.engine import Linter, Selection
from replylint.model import Reply

PLACEHOLDERS = ["{{ticket.requester.name}}", "{{ debt_written_off }}", "{name}", "{debt}", "%NAME%", "%DEBT%",
                "${client.debt}", "[[debt]]", "{# written off your debt #}"]


@pytest.fixture(scope="module")
def debt_linter(pack):
    return Linter(pack, Selection(select=frozenset({"debt-wording", "redirect-channel"})))


def spans(linter, text, lang=None):
    return [(f.rule, f.text) for f in linter.lint(Reply("t.txt", text, lang=lang)).findings]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_placeholder_words_are_never_flagged(debt_linter, placeholder):
    assert spans(debt_linter, f"Hello {placeholder}, we refunded you today.", "en") == []


@pytest.mark.parametrize("placeholder", PLACEHOLDERS[:1] + PLACEHOLDERS[2:3] + PLACEHOLDERS[4:5])
@pytest.mark.parametrize("lang, text, flagged", [
    ("ru", "Здравствуйте, {p}! Мы аннулировали ваш долг.", "аннулировали ваш долг"),
    ("uk", "Доброго дня, {p}! Ми анулювали ваш борг.", "анулювали ваш борг"),
    ("en", "Hi {p}, we cancelled your debt.", "cancelled your debt"),
])
def test_words_around_a_placeholder_are_still_matched(debt_linter, placeholder, lang, text, flagged):
    reply = text.replace("{p}", placeholder)
    assert spans(debt_linter, reply) == [("debt-wording", flagged)]


def test_jinja_blocks_mask_only_their_tags(debt_linter):
    text = "{% if ticket.vip %}Мы аннулировали ваш долг.{% else %}Мы вернули деньги.{% endif %}"
    assert spans(debt_linter, text, "ru") == [("debt-wording", "аннулировали ваш долг")]
    assert spans(debt_linter, "{% if debt %}Мы вернули деньги.{% endif %}", "ru") == []
