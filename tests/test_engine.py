"""The engine end to end on one reply: sentence boundaries decide what the rules can see."""
import pytest

from replylint.model import Reply


def rules_fired(linter, text, lang):
    return {f.rule for f in linter.lint(Reply(path="-", text=text, lang=lang)).findings}


@pytest.mark.parametrize("text, lang, rule", [
    # A hard-wrapped line is one sentence: the excuse spans the line break.
    ("Sorry the parcel was late: it was held up due to heavy\nsnow in the region.", "en", "self-justification"),
    # "т. 5" is an abbreviation before a number, not the end of the sentence.
    ("Съгласно т. 5 от договора таксата се дължи.", "bg", "hiding-behind-policy"),
])
def test_a_phrase_split_only_by_line_wrap_or_abbreviation_is_found(linter, text, lang, rule):
    assert rule in rules_fired(linter, text, lang)


def test_a_date_in_one_sentence_is_not_the_time_of_the_next(linter):
    # "ожидайте" after a full stop is a sentence of its own: "3 дня назад" gives it no time.
    assert "missing-next-step" in rules_fired(linter, "Мы получили ваше письмо 3 дня назад. ожидайте.", "ru")
