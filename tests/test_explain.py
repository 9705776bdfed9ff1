"""`replylint explain`: the example pair for each rule and language is a real pair: the bad
reply is flagged by the rule, the good one is not."""
import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.explain import example_pair
from replylint.model import Reply


def test_every_pair_is_flagged_then_clean(pack, linter):
    for rule in pack.rules:
        if rule.kind == "overlap":
            continue  # needs the complaint, which the pair does not show
        for lang in rule.examples:
            pair = example_pair(rule, lang, linter)
            assert rule.id in {f.rule for f in linter.lint(Reply("bad", pair.bad, lang=lang)).findings}, pair
            assert rule.id not in {f.rule for f in linter.lint(Reply("good", pair.good, lang=lang)).findings}, pair


def test_rule_with_fixes_pairs_an_example_with_its_fix(pack, linter):
    pair = example_pair(pack.rule("debt-wording"), "ru", linter)
    assert pair.fixed and pair.flagged in pair.bad and pair.flagged not in pair.good


@pytest.mark.parametrize("args,code", [
    (["explain", "debt-wording"], 0),
    (["explain", "missing-apology", "--lang", "bg"], 0),
    (["explain", "nope"], 2),
])
def test_explain_command(args, code):
    assert CliRunner().invoke(main, args).exit_code == code
