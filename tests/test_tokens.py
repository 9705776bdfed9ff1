import pytest

from replylint.model import Reply
from replylint.morph import normalise
from replylint.segment import segment
from replylint.tokens import tokenize


def _tokens(text, lang=None):
    return tokenize(segment(text, lang))


def test_ukrainian_apostrophes_and_letters_stay_inside_words():
    words = [t.text for t in _tokens("Обов’язково привезем м'ясо і їжу", "uk")]
    assert words == ["Обов’язково", "привезем", "м'ясо", "і", "їжу"]


def test_lemmas_cover_inflections():
    by_text = {t.text: t for t in _tokens("Мы аннулировали ваши долги", "ru")}
    assert "аннулировать" in by_text["аннулировали"].lemmas
    assert "долг" in by_text["долги"].lemmas


def test_unlikely_readings_are_dropped():
    token = _tokens("Они стали лучше", "ru")[1]
    assert "стать" in token.lemmas
    assert "сталь" not in token.lemmas


def test_email_url_and_numbers_are_single_tokens():
    tokens = _tokens("Напишите на help@shop.example или https://shop.example/form, 249 рублей", "ru")
    kinds = {t.text: t.parses[0].grammemes for t in tokens}
    assert "EMAIL" in kinds["help@shop.example"]
    assert "URL" in kinds["https://shop.example/form"]
    assert "NUMB" in kinds["249"]


def test_masked_text_makes_no_tokens():
    tokens = _tokens("> вы сами виноваты\nИзвините, {{name}}.", "ru")
    assert [t.text for t in tokens] == ["Извините"]


def test_offsets_point_at_the_words():
    text = "Sorry about the delay, we refunded $12."
    for token in _tokens(text):
        assert text[token.start:token.end] == token.text


@pytest.mark.parametrize("mark", ["\u00ad", "\u200d", "\u200b", "\ufe0f", "\u0301", "\u2060"],
                         ids=["soft-hyphen", "zero-width-joiner", "zero-width-space", "variation-selector",
                              "combining-acute", "word-joiner"])
def test_invisible_characters_and_accents_inside_a_word_do_not_hide_it(mark, linter):
    """The word is matched as if the mark were not there; the finding keeps the text's own
    columns and characters."""
    text = f"Здравствуйте!\nМы аннули{mark}ровали ваш дол{mark}г."
    result = linter.lint(Reply(path="x", text=text))
    (finding,) = [f for f in result.findings if f.rule == "debt-wording"]
    assert (finding.line, finding.column, finding.end_column) == (2, 4, 27)
    assert finding.text == f"аннули{mark}ровали ваш дол{mark}г"


def test_letters_written_in_parts_compose_and_composed_ones_stay():
    assert normalise("и\u0306") == "й" and normalise("вс\u0435\u0308") == "все"
    assert normalise("долг\u0301") == "долг"  # a stress mark, not г with an acute (ѓ)
    assert normalise("ѓ") == "ѓ" and normalise("café") == "café"  # no mark: as before
