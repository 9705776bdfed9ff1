"""Broken rule files give one-line errors that name the file, line and column."""
import re

import pytest

from replylint.pack.compile import CompiledPack
from replylint.pack.load import PackError, load_pack

GOOD = """\
id: my-rule
kind: phrase
severity: warning
message: Do not say this.
why: It hurts.
patterns:
  ru: ["плохой слово"]
examples:
  ru:
    fail: [{text: "Это плохое слово.", match: "плохое слово"}]
    pass: ["Это хорошее слово."]
"""


def _load(tmp_path, text, name="my-rule.yml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_pack((tmp_path,), builtin=False)


def _error(tmp_path, text, name="my-rule.yml"):
    with pytest.raises(PackError) as info:
        pack = _load(tmp_path, text, name)
        for lang in ("ru", "uk", "bg", "en"):
            CompiledPack(pack).index(lang)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_good_rule_loads(tmp_path):
    pack = _load(tmp_path, GOOD)
    assert [r.id for r in pack.rules] == ["my-rule"]


def test_invalid_yaml_names_line_and_column(tmp_path):
    message = _error(tmp_path, GOOD.replace("severity: warning", "severity: [warning"))
    assert re.match(r".*my-rule\.yml:\d+:\d+: invalid YAML", message)


def test_unknown_key(tmp_path):
    message = _error(tmp_path, GOOD + "colour: red\n")
    assert message.endswith("unknown key 'colour' in a rule (allowed: examples, hint, id, kind, message, options, patterns, replace, requires, requires_scope, severity, skip_negated, suggest, unless, unless_scope, why)")
    assert ":12:" in message


def test_wrong_type(tmp_path):
    message = _error(tmp_path, GOOD.replace('  ru: ["плохой слово"]', "  ru: 5"))
    assert message.endswith("my-rule.yml:7:7: patterns.ru must be a non-empty list of patterns")


def test_unknown_language(tmp_path):
    message = _error(tmp_path, GOOD.replace('  ru: ["плохой слово"]', '  ru: ["плохой слово"]\n  xx: ["a"]'))
    assert message.endswith("my-rule.yml:8:3: unknown language 'xx' (use one of ru, uk, bg, en)")


def test_unknown_severity_and_kind(tmp_path):
    assert "severity must be one of" in _error(tmp_path, GOOD.replace("severity: warning", "severity: fatal"))
    assert "unknown kind 'regex'" in _error(tmp_path, GOOD.replace("kind: phrase", "kind: regex"))


def test_unknown_grammeme_fails_at_compile(tmp_path):
    message = _error(tmp_path, GOOD.replace('"плохой слово"', '"плохой<BADGRAM>"'))
    assert "my-rule.yml:7:" in message and "unknown grammeme 'BADGRAM'" in message


def test_rule_without_examples_for_its_language(tmp_path):
    message = _error(tmp_path, GOOD.replace('  ru: ["плохой слово"]', '  ru: ["плохой слово"]\n  en: ["bad word"]'))
    assert "need fail and pass examples for 'en'" in message


def test_match_must_be_inside_the_example(tmp_path):
    assert "'match' must be a part" in _error(tmp_path, GOOD.replace('match: "плохое слово"', 'match: "нет такого"'))


def test_id_must_equal_file_name(tmp_path):
    assert "must equal the file name" in _error(tmp_path, GOOD, name="other.yml")


def test_duplicate_key(tmp_path):
    assert "duplicate key 'kind'" in _error(tmp_path, GOOD + "kind: phrase\n")


def test_duplicate_rule_id_in_one_source(tmp_path):
    (tmp_path / "my-rule.yaml").write_text(GOOD, encoding="utf-8")
    assert "duplicate rule id 'my-rule'" in _error(tmp_path, GOOD)


def test_not_utf8(tmp_path):
    (tmp_path / "my-rule.yml").write_bytes(GOOD.encode("cp1251"))
    with pytest.raises(PackError, match="not valid UTF-8"):
        load_pack((tmp_path,), builtin=False)


def test_yaml_tags_are_refused(tmp_path):
    message = _error(tmp_path, GOOD.replace("message: Do not say this.", "message: !!python/object/apply:os.system ['true']"))
    assert "invalid YAML" in message


def test_extra_pack_overrides_builtin_rule(tmp_path):
    override = GOOD.replace("id: my-rule", "id: debt-wording").replace("severity: warning", "severity: suggestion")
    (tmp_path / "debt-wording.yml").write_text(override, encoding="utf-8")
    pack = load_pack((tmp_path,))
    assert pack.rule("debt-wording").severity == "suggestion"


# Word classes: `@name` in a pattern stands for the class's words in the pattern's language.
CLASS_RULE = GOOD.replace('ru: ["плохой слово"]', 'ru: ["плохой @thing"]').replace(
    '"Это хорошее слово."', '"Это плохая погода."').replace(
    'fail: [{text: "Это плохое слово.", match: "плохое слово"}]',
    'fail: [{text: "Это плохое слово.", match: "плохое слово"}, {text: "Какая плохая фраза.", match: "плохая фраза"}]')


def test_a_class_word_matches_wherever_the_class_is_used(tmp_path, linter):
    (tmp_path / "_classes.yml").write_text("thing:\n  about: words\n  ru: [слово, фраза]\n", encoding="utf-8")
    pack = _load(tmp_path, CLASS_RULE)
    assert pack.classes == {"thing": {"ru": ("слово", "фраза")}}
    from replylint.engine import Linter
    from replylint.model import Reply

    team = Linter(pack)
    for text, flagged in (("Какая плохая фраза.", True), ("Плохое слово.", True), ("Плохая погода.", False)):
        found = {f.rule for f in team.lint(Reply(path="-", text=text, lang="ru")).findings}
        assert ("my-rule" in found) is flagged, text


def test_a_second_pack_adds_words_to_a_class(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "_classes.yml").write_text("thing:\n  ru: [слово]\n", encoding="utf-8")
    (second / "_classes.yml").write_text("thing:\n  ru: [фраза, слово]\n", encoding="utf-8")
    (first / "my-rule.yml").write_text(CLASS_RULE, encoding="utf-8")
    pack = load_pack((first, second), builtin=False)
    assert pack.classes["thing"]["ru"] == ("слово", "фраза")


def test_a_class_after_a_minus_excludes_every_one_of_its_words(tmp_path):
    (tmp_path / "_classes.yml").write_text("thing:\n  ru: [слово, фраза]\n", encoding="utf-8")
    pack = _load(tmp_path, CLASS_RULE.replace("плохой @thing", "плохой _|-@thing"))
    from replylint.engine import Linter
    from replylint.model import Reply

    team = Linter(pack)
    for text, flagged in (("Плохая погода.", True), ("Плохое слово.", False), ("Плохая фраза.", False)):
        found = {f.rule for f in team.lint(Reply(path="-", text=text, lang="ru")).findings}
        assert ("my-rule" in found) is flagged, text


@pytest.mark.parametrize("classes, rule_text, where, words", [
    ("thing:\n  ru: [слово]\n", CLASS_RULE.replace("@thing", "@thingy"), r"my-rule\.yml:7:\d+", "unknown word class '@thingy'"),
    ("thing:\n  uk: [слово]\n", CLASS_RULE, r"my-rule\.yml:7:\d+", "no words for 'ru'"),
    ("thing:\n  ru: [два слова]\n", CLASS_RULE, r"_classes\.yml:2:\d+", "one pattern word"),
    ("Thing:\n  ru: [слово]\n", CLASS_RULE, r"_classes\.yml:1:1", "lower-case"),
    ("thing:\n  xx: [слово]\n", CLASS_RULE, r"_classes\.yml:2:\d+", "unknown key 'xx'"),
])
def test_broken_word_classes_are_one_line_errors(tmp_path, classes, rule_text, where, words):
    (tmp_path / "_classes.yml").write_text(classes, encoding="utf-8")
    message = _error(tmp_path, rule_text)
    assert re.search(where, message) and words in message, message


@pytest.mark.parametrize("rule_id", ["debt-w\u043erding", "my rule", 'x"onmouseover="alert(1)', "-x"])
def test_rule_ids_are_ascii_names(rule_id, tmp_path):
    """A look-alike Cyrillic letter, a space or a quote in an id is refused at its line."""
    message = _error(tmp_path, GOOD.replace("id: my-rule", f"id: '{rule_id}'"), name=f"{rule_id}.yml")
    assert re.search(r"\.yml:1:5: rule id .* ASCII", message), message


def test_ascii_ids_with_dots_and_underscores_load(tmp_path):
    pack = _load(tmp_path, GOOD.replace("id: my-rule", "id: Acme_team.tone-2"), name="Acme_team.tone-2.yml")
    assert [r.id for r in pack.rules] == ["Acme_team.tone-2"]
