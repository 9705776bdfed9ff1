import pytest

from replylint.segment import segment


def test_sentences_and_positions():
    doc = segment("Здравствуйте!\nМы вернули деньги. Спасибо, что написали.")
    texts = [doc.text[s.start:s.end].strip() for s in doc.sentences]
    assert texts == ["Здравствуйте!", "Мы вернули деньги.", "Спасибо, что написали."]
    assert doc.position(0) == (1, 1)
    second_line = doc.text.index("Мы")
    assert doc.position(second_line) == (2, 1)
    assert doc.position(doc.text.index("Спасибо")) == (2, 20)


def test_quoted_lines_and_quotations_are_masked():
    text = "> Вы сами всё сломали\nПростите. Вы написали «верните деньги немедленно», и мы вернули."
    doc = segment(text)
    masked = [text[s.start:s.end] for s in doc.masked]
    assert "> Вы сами всё сломали" in masked
    assert "«верните деньги немедленно»" in masked


def test_single_quoted_word_stays_visible():
    doc = segment("Откройте раздел «Заказы».")
    assert doc.masked == ()


def test_placeholders_are_masked():
    text = "Здравствуйте, {{ticket.requester.name}}! Ваш заказ {order_id} и %NAME%. {% if vip %}Да{% endif %}"
    doc = segment(text)
    masked = {text[s.start:s.end] for s in doc.masked}
    assert {"{{ticket.requester.name}}", "{order_id}", "%NAME%", "{% if vip %}", "{% endif %}"} <= masked


def test_language_is_detected_per_reply_and_per_sentence():
    doc = segment("Вибачте за затримку, ми вже повернули гроші. Приносим извинения, это было очень неприятно для вас.")
    assert doc.lang == "ru"  # the language with more evidence in the whole reply
    assert [s.lang for s in doc.sentences] == ["uk", "ru"]


def test_unsupported_language_gives_a_notice():
    doc = segment("Wir entschuldigen uns für die Verzögerung.")
    assert doc.lang is None or doc.notices == ()
    doc = segment("我们很抱歉")
    assert doc.lang is None
    assert doc.notices


def test_empty_text_gives_a_notice():
    assert segment("   \n").notices == ("the reply is empty",)


def test_quoted_block_after_an_attribution_line_is_masked():
    text = ("Здравствуйте! Вы написали:\nВы сами виноваты, что не предупредили.\nВерните деньги.\n\n"
            "Простите нас, мы вернули деньги.")
    doc = segment(text)
    masked = [text[s.start:s.end] for s in doc.masked]
    assert masked == ["Вы сами виноваты, что не предупредили.\nВерните деньги.\n"]
    english = "On Monday, Ann wrote:\nYou should have read the terms.\n\nSorry, we refunded you."
    assert [english[s.start:s.end] for s in segment(english).masked] == ["You should have read the terms.\n"]


def _sentences(text, lang=None):
    return [text[s.start:s.end].strip() for s in segment(text, lang).sentences]


def test_lower_case_start_after_a_whole_word_is_a_new_sentence():
    assert _sentences("Мы получили ваше письмо 3 дня назад. ожидайте.", "ru") == [
        "Мы получили ваше письмо 3 дня назад.", "ожидайте."]


@pytest.mark.parametrize("text", ["Съгласно т. 5 от договора таксата се дължи.", "Согласно п. 4 договора плата не возвращается.",
                                  "Under art. 5 of the terms the fee stays.", "Вернём 15 лв. по картата."])
def test_short_abbreviation_before_a_number_or_lower_case_word_keeps_the_sentence(text):
    assert len(_sentences(text)) == 1


def test_hard_wrapped_line_continues_the_sentence_but_a_new_capitalised_line_does_not():
    assert len(_sentences("It was held up due to heavy\nsnow in the region.", "en")) == 1
    assert len(_sentences("Добрый день\nМы вернули деньги.", "ru")) == 2
    assert len(_sentences("- first item\n- second item", "en")) == 2
