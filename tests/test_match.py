"""The pattern language: lemma, exact, prefix, suffix, grammemes, gaps, optional, negation."""
import pytest

from replylint.match import find_matches
from replylint.pack.compile import CompiledPack
from replylint.pack.load import PackError
from replylint.pack.schema import Location, PatternSpec, Rule, RulePack
from replylint.segment import segment
from replylint.tokens import tokenize


def _spans(pattern, text, lang="ru", **options):
    spec = PatternSpec(pattern, Location("test", 1, 1), **options)
    rule = Rule(id="t", kind="phrase", severity="error", message="m", why="w", hint="",
                location=Location("test", 1, 1), patterns={lang: (spec,)})
    pack = CompiledPack(RulePack(rules=(rule,), weights={}, sources=()))
    doc = segment(text, lang)
    return [text[m.span.start:m.span.end] for m in find_matches(tokenize(doc), pack)]


def test_lemma_matches_any_inflection():
    assert _spans("аннулировать долг", "Мы аннулируем ваш долг, аннулировали долги.") == ["аннулировали долги"]


def test_gap_and_pattern_words_in_any_form():
    assert _spans("аннулировали ~2 долгу", "Мы аннулировали ваш долг.") == ["аннулировали ваш долг"]


def test_any_order_within_window():
    assert _spans("аннулировать долг", "Ваш долг был аннулирован.", any_order=True) == ["долг был аннулирован"]
    assert _spans("аннулировать долг", "Долг есть. Мы аннулировали подписку.", any_order=True) == []


def test_grammemes_and_exclusion():
    assert _spans("вернуть<past>", "Вернём завтра. Вернули вчера.") == ["Вернули"]
    assert _spans("вернуть<-past>", "Вернём завтра. Вернули вчера.") == ["Вернём"]


def test_exact_prefix_suffix_and_any_word():
    assert _spans("=вы", "Вы правы, вас не предупредили.") == ["Вы"]
    assert _spans("извин*", "Извиняемся за это.") == ["Извиняемся"]
    assert _spans("*аш", "Ако искаш, пиши.", lang="bg") == ["искаш"]
    assert _spans("в _ время", "Ответим в ближайшее время.") == ["в ближайшее время"]


def test_optional_and_negated_elements():
    assert _spans("очень? большой нагрузка", "У нас большая нагрузка.") == ["большая нагрузка"]
    assert _spans("очень? большой нагрузка", "У нас очень большая нагрузка.") == ["очень большая нагрузка"]
    assert _spans("!не виноват", "Вы виноваты. Вы не виноваты.") == ["Вы виноваты"]


def test_skip_negated():
    text = "Это не ваша вина. Это ваша вина."
    assert _spans("ваш вина", text, skip_negated=True) == ["ваша вина"]
    assert len(_spans("ваш вина", text)) == 2


def test_a_negation_before_a_comparative_is_a_bound_not_a_negation():
    assert _spans("завтра", "Тем не менее завтра мы заменим кран.", skip_negated=True) == ["завтра"]
    assert _spans("пятница", "Вернём не позднее пятницы.", skip_negated=True) == ["пятницы"]
    assert _spans("friday", "We will call no later than Friday.", lang="en", skip_negated=True) == ["Friday"]
    assert _spans("завтра", "Не завтра.", skip_negated=True) == []
    assert _spans("позднее", "Вернём не позднее пятницы.", skip_negated=True) == []


def test_a_negated_match_does_not_hide_a_match_that_starts_inside_it():
    text = "Не позвоню сам, но он позвонит завтра."
    assert _spans("позвонить ~6 завтра", text, skip_negated=True) == ["позвонит завтра"]


def test_scope_opening_and_last_sentence():
    text = "Здравствуйте! Все мы ошибаемся. Мы вернули деньги. Все мы ошибаемся."
    assert len(_spans("все мы ошибаться", text, scope="opening")) == 1
    assert _spans("мы вернуть", text, scope="last-sentence") == []


def test_matches_never_cross_sentences():
    assert _spans("деньги спасибо", "Вернули деньги. Спасибо!") == []


def test_english_and_bulgarian_lemmas():
    assert _spans("apologize", "We apologized twice.", lang="en") == ["apologized"]
    assert _spans("клиент", "Другите клиенти са доволни.", lang="bg") == ["клиенти"]


@pytest.mark.parametrize("pattern, problem", [
    ("<NOSUCH>", "unknown grammeme"),
    ("~2 долг", "cannot start or end with a gap"),
    ("долг? ошибка?", "only optional"),
    ("=", "needs a word"),
    ("д*", "at least 2 letters"),
])
def test_bad_patterns_are_pack_errors(pattern, problem):
    with pytest.raises(PackError, match=problem):
        _spans(pattern, "текст")


def test_excluded_alternatives():
    text = "Три дня ждали. Пиши нам."
    assert _spans("<VERB,impr,sing>", text) == ["Три", "Пиши"]
    assert _spans("<VERB,impr,sing>|-<NUMR>", text) == ["Пиши"]
    with pytest.raises(PackError, match="allows none"):
        _spans("-<NUMR>", text)


def test_sentence_edges():
    text = "Look, this is fine. We will look into it. Thanks."
    assert _spans("^ look", text, lang="en") == ["Look"]
    assert _spans("look $", text, lang="en") == []
    assert _spans("thanks $", text, lang="en") == ["Thanks"]
    assert _spans("^ thanks $", text, lang="en") == ["Thanks"]
    with pytest.raises(PackError, match="may only open"):
        _spans("look ^", text, lang="en")
