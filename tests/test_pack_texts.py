"""A rule's message, why and hint in the interface languages: a plain string is English, a
mapping gives languages; a language left out falls back to English. Every built-in rule is
written in all four, each language its own text, with the same quoted terms and numbers."""
import re

import pytest

from replylint.pack.cache import cache_dir, load_compiled
from replylint.pack.load import PackError, load_pack
from replylint.pack.schema import TEXT_LANGUAGES, Texts
from replylint.ui_text import _NOT_LINTED_WHY, _UNSUPPORTED_LANGUAGE, NOT_LINTED_HINT, UNUSED_SUPPRESSION, all_labels

RULE = """\
id: my-rule
kind: phrase
severity: warning
{texts}
patterns:
  ru: ["плохой слово"]
examples:
  ru:
    fail: [{{text: "Это плохое слово.", match: "плохое слово"}}]
    pass: ["Это хорошее слово."]
"""
MAPPED = """\
message:
  en: Do not say this.
  ru: Так не пишите.
why:
  en: It hurts.
  uk: Це ранить клієнта.
hint: Say it plainly."""


BUILTIN = load_pack()
FIELDS = ("message", "why", "hint")
# A quoted term in any language's quotation marks: «», „“, "", “” or '' (not an apostrophe).
QUOTED = re.compile(r"""«[^«»]*»|„[^„“”]*[“”]|"[^"]*"|“[^“”]*”|(?<!\w)'[^']+'(?!\w)""")
QUOTE_MARKS = re.compile(r"""[«»„“”"]|(?<!\w)'|'(?!\w)""")
# What must read the same in every language: numbers, times, {placeholders} and --options.
FIXED = re.compile(r"\d+(?::\d+)?|\{\w*\}|--[\w-]+(?:=[\w-]+)?")


def shape(text: str) -> tuple[int, list[str]]:
    """How many quoted terms a text has, and what it must keep as written."""
    assert not QUOTE_MARKS.search(QUOTED.sub("", text)), f"an unbalanced quotation mark in {text!r}"
    return len(QUOTED.findall(text)), sorted(FIXED.findall(text))


BUILTIN_TEXTS = [pytest.param(getattr(rule, name), id=f"{rule.id}/{name}") for rule in BUILTIN.rules for name in FIELDS]
# replylint's own findings' texts are held to the same standard.
BUILTIN_TEXTS += [pytest.param(texts, id=f"not-linted/{n}")
                  for n, texts in enumerate((*_NOT_LINTED_WHY.values(), _UNSUPPORTED_LANGUAGE, NOT_LINTED_HINT))]
BUILTIN_TEXTS += [pytest.param(texts, id=f"unused-suppression/{name}") for name, texts in UNUSED_SUPPRESSION.items()]


@pytest.mark.parametrize("texts", BUILTIN_TEXTS)
def test_every_builtin_text_is_written_in_every_language(texts):
    assert texts.languages == TEXT_LANGUAGES
    written = [texts.get(lang) for lang in TEXT_LANGUAGES]
    assert len(set(written)) == len(written), "a language repeats another's text"


@pytest.mark.parametrize("texts", BUILTIN_TEXTS)
def test_quoted_terms_and_numbers_are_kept_in_every_language(texts):
    english = shape(texts.en)
    for lang in TEXT_LANGUAGES:
        assert shape(texts.get(lang)) == english, lang


def _load(tmp_path, texts):
    (tmp_path / "my-rule.yml").write_text(RULE.format(texts=texts), encoding="utf-8")
    return load_pack((tmp_path,), builtin=False).rule("my-rule")


def _error(tmp_path, texts) -> str:
    with pytest.raises(PackError) as info:
        _load(tmp_path, texts)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_plain_string_is_english_for_every_language(tmp_path):
    rule = _load(tmp_path, "message: Do not say this.\nwhy: It hurts.")
    assert rule.message.languages == ("en",)
    assert {rule.message.get(lang) for lang in (*TEXT_LANGUAGES, None, "fr")} == {"Do not say this."}
    assert not rule.hint and rule.hint.get("ru") == ""


def test_a_mapping_gives_languages_and_the_rest_fall_back_to_english(tmp_path):
    rule = _load(tmp_path, MAPPED)
    assert rule.message.get("ru") == "Так не пишите."
    assert rule.message.get("uk") == rule.message.get("bg") == rule.message.get(None) == "Do not say this."
    assert rule.why.get("uk") == "Це ранить клієнта." and rule.why.get("ru") == "It hurts."
    assert rule.hint.get("bg") == "Say it plainly."
    assert str(rule.message) == "Do not say this."


def test_a_text_without_english_falls_back_to_the_first_language_written():
    assert Texts(uk="Це ранить.").get("en") == "Це ранить."


def test_unknown_language_is_refused_at_its_key(tmp_path):
    message = _error(tmp_path, MAPPED.replace("  ru: Так", "  ro: Так"))
    assert re.search(r"my-rule\.yml:6:3: unknown language 'ro' in 'message' \(use one of en, ru, uk, bg\)$", message)


@pytest.mark.parametrize("texts,where", [
    (MAPPED.replace("  ru: Так не пишите.", "  ru: ''"), ":6:"),
    (MAPPED.replace("  ru: Так не пишите.", "  ru: [a, b]"), ":6:"),
    ("message: {}\nwhy: It hurts.", ":4:"),
    ("message: 5\nwhy: It hurts.", ":4:"),
])
def test_an_empty_or_non_string_text_is_refused(tmp_path, texts, where):
    message = _error(tmp_path, texts)
    assert where in message and "message" in message


def test_a_missing_message_is_still_required(tmp_path):
    assert _error(tmp_path, "why: It hurts.").endswith("'message' is required")


def test_texts_survive_the_compiled_pack_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "my-rule.yml").write_text(RULE.format(texts=MAPPED), encoding="utf-8")
    load_compiled((rules,), verify=lambda compiled: None)
    assert list(cache_dir().glob("pack-*.pickle"))
    cached = load_compiled((rules,), verify=lambda compiled: None).pack.rule("my-rule")
    assert cached.message.get("ru") == "Так не пишите." and cached.why.get("uk") == "Це ранить клієнта."


def test_every_label_is_written_in_every_language_with_its_placeholders():
    pages = all_labels()
    assert tuple(pages) == TEXT_LANGUAGES
    for name, english in pages["en"].items():
        for lang in TEXT_LANGUAGES:
            assert pages[lang][name].strip(), (lang, name)
            assert shape(pages[lang][name])[1] == shape(english)[1], (lang, name)
