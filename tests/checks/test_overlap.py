"""ignores-the-problem (kind: overlap): the complaint and the reply compared by meaning, not spelling."""
import pytest

from replylint.model import Reply

RULE = "ignores-the-problem"


def fired(linter, lang, complaint, reply):
    result = linter.lint(Reply(path="-", text=reply, lang=lang, complaint=complaint))
    return RULE in {f.rule for f in result.findings}, result.notices


@pytest.mark.parametrize("lang, complaint, reply", [
    # Three Bulgarian function words ("да", "за") do not make a Russian complaint Bulgarian.
    ("ru", "Ну да, сняли деньги два раза, да за одну подписку, да без спроса.",
     "Простите, подписку отключили, деньги за оба списания вернём сегодня."),
    # A number with its article is the number.
    ("bg", "В стаята имаше 2 хлебарки и мръсни кърпи, а рецепцията не реагира.",
     "Извиняваме се за 2-те насекоми, пратихме дезинсектор."),
    # A word the dictionary does not know is compared by its first letters.
    ("uk", "Купив у вас дриль, а вона не вмикається вже з першого дня.",
     "Перепрошуємо за ситуацію з дриллю, замінимо її завтра."),
])
def test_reply_that_names_the_problem_is_not_flagged(linter, lang, complaint, reply):
    assert fired(linter, lang, complaint, reply)[0] is False


def test_the_same_reply_under_another_complaint_is_flagged(linter):
    complaint = "Купив у вас пральну машину, а вона тече з першого дня і залила сусідів."
    assert fired(linter, "uk", complaint, "Перепрошуємо за ситуацію з дриллю, замінимо її завтра.")[0] is True


def test_short_complaint_gets_a_notice_not_a_finding(linter):
    # Three words: counted as words, not as the stems of every reading of them.
    flagged, notices = fired(linter, "uk", "Коли нарешті запрацює?",
                             "Сервіс відновили сьогодні о 10:00, вибачте за перерву.")
    assert flagged is False
    assert any(RULE in notice for notice in notices)


def test_a_synonym_that_can_never_match_is_refused_at_load(tmp_path):
    from replylint.pack.load import PackError, load_pack
    from replylint.pack.sources import builtin_rules_dir

    text = (builtin_rules_dir() / "ignores-the-problem.yml").read_text(encoding="utf-8")
    broken = text.replace("[двойно, двукратно,", "[два пъти, двойно, двукратно,", 1)
    assert broken != text
    (tmp_path / "ignores-the-problem.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack((tmp_path,), builtin=False)
    assert "ignores-the-problem.yml:" in str(info.value) and "два пъти" in str(info.value)


@pytest.mark.parametrize("lang, complaint, reply, flagged", [
    # An action that names next to nothing else is about the case ("Refunded!", "fixed it for you").
    ("en", "I was charged twice for the same yearly plan and nobody answers my e-mails.",
     "Sorry about that, just fixed it for you.", False),
    ("ru", "После обновления приложение вылетает при каждом открытии камеры, уже третий день.",
     "Спасибо, исправлено сегодня.", False),
    # An action on something else names its own object: the complaint is still ignored.
    ("en", "The seller sent me a scratched phone instead of a brand new sealed one.",
     "Sorry! We have refunded the delivery fee for your previous order today.", True),
])
def test_an_action_counts_as_mentioning_the_problem_only_when_it_names_nothing_else(linter, lang, complaint, reply, flagged):
    assert fired(linter, lang, complaint, reply)[0] is flagged


def test_a_rule_named_in_addressed_by_must_exist(tmp_path):
    from replylint.pack.load import PackError, load_pack
    from replylint.pack.sources import builtin_rules_dir

    text = (builtin_rules_dir() / "ignores-the-problem.yml").read_text(encoding="utf-8")
    (tmp_path / "ignores-the-problem.yml").write_text(
        text.replace("addressed_by: [missing-next-step]", "addressed_by: [missing-next-stop]"), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack((tmp_path,), builtin=False)
    assert "missing-next-stop" in str(info.value)
