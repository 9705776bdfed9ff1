"""The language registry: a new language is a registry entry, an analyser and rule-pack sections."""
import pytest

from replylint import languages
from replylint.engine import Linter
from replylint.lang import detect
from replylint.model import Parse, Reply
from replylint.morph import COMMON_GRAMMEMES, analyser_for
from replylint.pack.load import load_pack


class ToyAnalyser:
    """Lemma = the word without a plural -s: enough to show that rules match every form."""

    def __init__(self, lang):
        self.lang = lang
        self.grammemes = COMMON_GRAMMEMES

    def parse(self, word):
        return (Parse(word[:-1] if word.endswith("s") and len(word) > 3 else word, frozenset(), 1.0),)

    def inflect(self, lemma, grammemes):
        return None


TOY = languages.Language(
    code="xx", name="Toy", script="latin", letters="",
    function_words=frozenset({"zog", "blim", "ka"}), negations=frozenset({"nop"}),
    quote_attribution=("zrote",), analyser=ToyAnalyser,
)

TOY_RULE = """\
id: toy-blame
kind: phrase
severity: error
message: Do not blame the customer.
why: It hurts.
skip_negated: true
patterns:
  xx: ["yur fawlt"]
examples:
  xx:
    fail: [{text: "Zog blim ka yur fawlts.", match: "yur fawlts"}]
    pass: ["Zog blim ka nop yur fawlt."]
"""


@pytest.fixture
def toy_language():
    languages.register(TOY)
    yield TOY
    languages.unregister(TOY.code)
    analyser_for.cache_clear()


def test_a_toy_language_is_detected_loaded_and_linted(toy_language, tmp_path):
    (tmp_path / "toy-blame.yml").write_text(TOY_RULE, encoding="utf-8")
    pack = load_pack((tmp_path,), builtin=False)
    linter = Linter(pack)
    text = "Zog blim ka yur fawlts, nop ka zog."
    assert detect(text) == "xx"
    result = linter.lint(Reply(path="-", text=text))
    assert result.lang == "xx"
    assert [(f.rule, f.text) for f in result.findings] == [("toy-blame", "yur fawlts")]
    # The language's negation applies; its quote attribution masks the customer's words.
    assert not linter.lint(Reply(path="-", text="Zog blim ka nop yur fawlt.")).findings
    quoted = "Zog zrote:\nka yur fawlt\n\nZog blim ka."
    assert not linter.lint(Reply(path="-", text=quoted, lang="xx")).findings


def test_without_the_registry_entry_the_language_is_unknown(tmp_path):
    (tmp_path / "toy-blame.yml").write_text(TOY_RULE, encoding="utf-8")
    with pytest.raises(Exception) as info:
        load_pack((tmp_path,), builtin=False)
    assert "unknown language 'xx'" in str(info.value)
    assert "xx" not in languages.codes()
