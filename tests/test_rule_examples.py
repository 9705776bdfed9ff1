"""Every rule's own should-fire / should-not-fire examples, one test case each.

Run one rule with `pytest -k debt-wording`, one language with `pytest -k /ru/`.
"""
import pytest

from replylint.engine import Linter
from replylint.pack.load import load_pack
from replylint.pack.selftest import check_example, example_cases

_PACK = load_pack()
_LINTER = Linter(_PACK)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in example_cases(_PACK)])
def test_rule_example(case):
    problem = check_example(case, _LINTER)
    assert problem is None, f"{case.location}: {problem}: {case.text!r}"
