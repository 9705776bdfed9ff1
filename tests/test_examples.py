"""The trainer's set in examples/: for each canonical rule and language, a bad reply that the
rule flags and a good rewrite that it does not (and that scores 100)."""
from pathlib import Path

import pytest

from replylint.model import Reply
from replylint.languages import codes
from replylint.taxonomy import CANONICAL_RULES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASES = [(lang, rule) for lang in codes() for rule in sorted(CANONICAL_RULES)]


def _reply(lang: str, rule: str, kind: str) -> Reply:
    path = EXAMPLES / lang / f"{rule}.{kind}.txt"
    complaint = EXAMPLES / lang / f"{rule}.complaint"
    return Reply(path=str(path), text=path.read_text(encoding="utf-8"),
                 complaint=complaint.read_text(encoding="utf-8") if complaint.exists() else None)


@pytest.mark.parametrize("lang,rule", CASES, ids=[f"{rule}/{lang}" for lang, rule in CASES])
def test_bad_fires_and_good_rewrite_is_clean(linter, lang, rule):
    bad = linter.lint(_reply(lang, rule, "bad"))
    good = linter.lint(_reply(lang, rule, "good"))
    assert bad.lang == good.lang == lang
    assert rule in {f.rule for f in bad.findings}
    assert rule not in {f.rule for f in good.findings}
    assert good.score == 100
