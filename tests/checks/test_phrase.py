"""kind: phrase - where a rule's `unless` and `requires` patterns count (the reply or the sentence)."""
import pytest

from replylint.engine import Linter
from replylint.model import Reply
from replylint.pack.load import PackError, load_pack

RULE = """\
id: queue-talk
kind: phrase
severity: warning
message: Do not talk about the queue.
why: It is the company's problem.
patterns:
  en: ["long queue"]
{conditions}
examples:
  en:
    fail: [{{text: "We have a long queue.", match: "long queue"}}]
    pass: ["We answer today."]
"""
UNLESS = 'unless:\n  en: ["than expected"]'
REQUIRES = 'requires:\n  en: ["sorry"]'


def _findings(tmp_path, conditions, text):
    (tmp_path / "queue-talk.yml").write_text(RULE.format(conditions=conditions), encoding="utf-8")
    return Linter(load_pack((tmp_path,), builtin=False)).lint(Reply(path="-", text=text, lang="en")).findings


def _spans(tmp_path, conditions, text):
    return [text[f.span.start:f.span.end] for f in _findings(tmp_path, conditions, text)]


TWO_SENTENCES = "There is a long queue. Demand was higher than expected."


def test_unless_silences_the_whole_reply_by_default(tmp_path):
    assert _spans(tmp_path, UNLESS, TWO_SENTENCES) == []


def test_unless_scoped_to_the_sentence_leaves_other_sentences_alone(tmp_path):
    conditions = UNLESS + "\nunless_scope: sentence"
    assert _spans(tmp_path, conditions, TWO_SENTENCES) == ["long queue"]
    assert _spans(tmp_path, conditions, "The queue was a long queue, longer than expected.") == []


def test_requires_scoped_to_the_sentence_needs_it_in_the_same_sentence(tmp_path):
    conditions = REQUIRES + "\nrequires_scope: sentence"
    text = "Sorry. There is a long queue. Sorry about the long queue."
    assert [f.span.start for f in _findings(tmp_path, conditions, text)] == [text.rindex("long queue")]
    assert len(_findings(tmp_path, REQUIRES, text)) == 2


@pytest.mark.parametrize("conditions, problem", [
    (UNLESS + "\nunless_scope: paragraph", "unless_scope must be one of reply, sentence"),
    (REQUIRES + "\nrequires_scope: [sentence]", "requires_scope must be one of reply, sentence"),
])
def test_an_unknown_condition_scope_is_one_line_error(tmp_path, conditions, problem):
    (tmp_path / "queue-talk.yml").write_text(RULE.format(conditions=conditions), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack((tmp_path,), builtin=False)
    assert "queue-talk.yml:" in str(info.value) and str(info.value).endswith(problem)


def test_only_a_phrase_rule_can_scope_conditions_to_a_sentence(tmp_path):
    text = RULE.format(conditions=UNLESS + "\nunless_scope: sentence").replace("kind: phrase", "kind: absence")
    (tmp_path / "queue-talk.yml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack((tmp_path,), builtin=False)
    assert "unless_scope" in str(info.value)
