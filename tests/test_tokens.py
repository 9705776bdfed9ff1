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
