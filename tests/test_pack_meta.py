"""The rule pack honours the taxonomy contract and its own layout."""
from pathlib import Path

from replylint.checks import KINDS
from replylint.pack.load import builtin_rules_dir
from replylint.taxonomy import CANONICAL_RULES


def test_every_canonical_rule_exists(pack):
    assert CANONICAL_RULES <= {r.id for r in pack.rules}


def test_every_kind_is_a_check_module(pack):
    assert {r.kind for r in pack.rules} <= set(KINDS)


def test_file_stem_is_rule_id():
    for path in Path(builtin_rules_dir()).glob("*.yml"):
        if path.name.startswith("_"):
            continue
        assert f"id: {path.stem}\n" in path.read_text(encoding="utf-8"), path


def test_every_rule_has_examples_in_russian(pack):
    for rule in pack.rules:
        assert "ru" in rule.examples, rule.id


def test_every_canonical_rule_has_six_fail_and_six_pass_examples_per_language(pack):
    for rule in pack.rules:
        if rule.id not in CANONICAL_RULES:
            continue
        for lang in ("ru", "uk", "bg", "en"):
            examples = rule.examples.get(lang)
            assert examples is not None, f"{rule.id} has no {lang} examples"
            assert len(examples.fail) >= 6 and len(examples.passing) >= 6, f"{rule.id}/{lang}"
