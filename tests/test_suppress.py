"""Inline suppression markers: found and blanked, findings dropped, idle markers reported."""
from replylint.engine import Linter, Selection
from replylint.model import Reply
from replylint.suppress import UNUSED_RULE, extract

DEBT = "Мы аннулировали ваш долг."


def test_markers_are_read_and_blanked_in_place():
    text = "<!-- replylint-disable debt-wording, blame-client -->\nТекст\n# replylint: disable=own-workload\n"
    body, (html, hashed) = extract(text)
    assert len(body) == len(text) and "replylint" not in body and "Текст" in body
    assert html.rules == {"debt-wording", "blame-client"} and (html.line, html.column) == (1, 1)
    assert hashed.rules == {"own-workload"} and (hashed.line, hashed.column) == (3, 1)
    _, (everything,) = extract("{# replylint: disable #}\n")
    assert everything.rules == frozenset()


def lint(pack, text, report_unused=False, **selection):
    body, suppressions = extract(text)
    linter = Linter(pack, Selection(report_unused_suppressions=report_unused, **selection))
    return [(f.rule, f.line) for f in linter.lint(Reply("t.txt", body, suppressions=suppressions)).findings]


def test_a_marker_silences_its_rules_in_the_template(pack):
    text = "<!-- replylint-disable debt-wording -->\n" + DEBT
    assert ("debt-wording", 1) in lint(pack, DEBT + "\n")
    assert "debt-wording" not in {rule for rule, _ in lint(pack, text)}
    assert lint(pack, "<!-- replylint-disable -->\n" + DEBT) == []


def test_unused_and_unknown_suppressions_are_reported_when_asked(pack):
    text = "Спасибо!\n# replylint: disable=debt-wording,no-such-rule\nМы вернули деньги."
    assert UNUSED_RULE not in {rule for rule, _ in lint(pack, text)}
    found = lint(pack, text, report_unused=True, select=frozenset({"debt-wording"}))
    assert found == [(UNUSED_RULE, 2), (UNUSED_RULE, 2)]
    # a rule that is not run here may matter under another configuration
    found = lint(pack, text, report_unused=True, select=frozenset({"blame-client"}))
    assert found == [(UNUSED_RULE, 2)]


def test_unused_suppression_does_not_cost_score(pack):
    body, suppressions = extract("# replylint: disable=debt-wording\nМы вернули деньги.")
    linter = Linter(pack, Selection(select=frozenset({"debt-wording"}), report_unused_suppressions=True))
    result = linter.lint(Reply("t.txt", body, suppressions=suppressions))
    assert [f.rule for f in result.findings] == [UNUSED_RULE] and result.score == 100


def test_a_misspelt_id_in_a_marker_gets_the_likely_id(linter):
    from replylint.model import Suppression

    checking = Linter(linter.compiled, Selection(report_unused_suppressions=True))
    result = checking.lint(Reply(path="x.txt", text="Мы аннулировали ваш долг.", suppressions=(
        Suppression(frozenset({"debt-wordng"}), 1, 1),)))
    (unused,) = [f for f in result.findings if f.rule == "unused-suppression"]
    assert "debt-wording" in unused.message
