"""`replylint explain`: for every rule and language, the pair a trainer is shown is one reply
and its rewrite: the bad reply is flagged by the rule (at the [bracketed] words for a phrase
rule), the good one is the same reply, about the same case, that the rule accepts."""
import re

import pytest
from click.testing import CliRunner

from replylint.checks.overlap import CONTENT_POS
from replylint.cli import main
from replylint.engine import Linter
from replylint.explain import example_pair, explain_rule, format_explanation
from replylint.model import Reply
from replylint.pack.load import load_pack
from replylint.segment import segment
from replylint.tokens import tokenize

_PACK = load_pack()
_LINTER = Linter(_PACK)
_PAIRS = [pytest.param(rule, lang, id=f"{rule.id}/{lang}") for rule in _PACK.rules for lang in rule.languages]
# Words that name no subject ("please", "your", "have"): the pack's own list, kept for the
# rule that compares a reply with the complaint.
_NOT_CONTENT = _PACK.rule("ignores-the-problem").options["ignore"]
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _shown(output: str, label: str) -> str:
    """The text printed after `label:` and on its wrapped lines (indented by 12), whitespace
    normalised."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {label}:"))
    parts = [lines[start][len(f"  {label}:"):]]
    for line in lines[start + 1:]:
        if not line.startswith(" " * 12):
            break
        parts.append(line)
    return _norm(" ".join(parts))


def _findings(rule, text: str, lang: str, complaint: str | None):
    result = _LINTER.lint(Reply("example", text, lang=lang, complaint=complaint))
    return [f for f in result.findings if f.rule == rule.id]


def _content(text: str, lang: str) -> set[str]:
    """Stems of the words that carry the case: nouns, verbs, adjectives, numbers."""
    stems, skip = set(), set(_NOT_CONTENT.get(lang, ()))
    for token in tokenize(segment(text, lang)):
        if token.lower in skip or token.lemmas & skip:
            continue
        if any(p.grammemes for p in token.parses) and not any(p.grammemes & CONTENT_POS for p in token.parses):
            continue
        lemma = min(token.lemmas) if token.lemmas else token.lower
        if token.lower.isdigit() or (len(lemma) >= 4 and lemma.isalpha()):
            stems.add(lemma[:5])
    return stems


def _same_case(bad: str, good: str, lang: str) -> bool:
    """At least two content words, and at least half of those the bad reply has, reappear."""
    before = _content(bad, lang)
    shared = before & _content(good, lang)
    return len(shared) >= 2 and len(shared) >= len(before) / 2


@pytest.mark.parametrize("rule,lang", _PAIRS)
def test_bad_reply_is_flagged_where_the_brackets_say(rule, lang):
    pair = example_pair(rule, lang, _LINTER)
    output = format_explanation(explain_rule(rule, (lang,), _LINTER))
    shown = _shown(output, "bad")
    assert _norm(pair.bad) == _BRACKETED.sub(r"\1", shown)
    findings = _findings(rule, pair.bad, lang, pair.complaint)
    assert findings, f"{rule.id} does not fire on its bad {lang} reply"
    marks = list(_BRACKETED.finditer(shown))
    if rule.kind == "phrase":
        assert len(marks) == 1 and len(findings) == 1, (shown, [f.text for f in findings])
        span = findings[0].span
        assert marks[0].group(1) == _norm(pair.bad[span.start:span.end])
        assert _BRACKETED.sub(r"\1", shown[:marks[0].start()]).rstrip() == _norm(pair.bad[:span.start])
    else:
        assert not marks, "an absence rule has no words to bracket"
        assert _shown(output, "missing") == _norm(rule.message.get("en"))


@pytest.mark.parametrize("rule,lang", _PAIRS)
def test_good_reply_is_a_rewrite_the_whole_pack_accepts(rule, lang):
    pair = example_pair(rule, lang, _LINTER)
    assert _shown(format_explanation(explain_rule(rule, (lang,), _LINTER)), "good") == _norm(pair.good)
    result = _LINTER.lint(Reply("example", pair.good, lang=lang, complaint=pair.complaint))
    # A trainer shows it as the model answer: no rule, not only this one, may flag it.
    assert [f.rule for f in result.findings] == []


@pytest.mark.parametrize("rule,lang", _PAIRS)
def test_pair_is_one_case_told_twice(rule, lang):
    examples = rule.examples[lang]
    pair = example_pair(rule, lang, _LINTER)
    assert examples.passing[0].complaint == examples.fail[0].complaint
    if rule.kind == "overlap":
        # The bad reply is generic on purpose; the rewrite names what the complaint is about.
        assert pair.complaint
        assert _shown(format_explanation(explain_rule(rule, (lang,))), "customer") == _norm(pair.complaint)
        assert len(_content(pair.complaint, lang) & _content(pair.good, lang)) >= 2
        return
    unflagged = pair.bad.replace(pair.flagged, " ", 1) if pair.flagged else pair.bad
    assert _same_case(unflagged, pair.good, lang), (pair.bad, pair.good)


def test_unrelated_replies_do_not_count_as_one_case():
    assert not _same_case("Курьер не нашёл вас, потому что в адресе не было подъезда.",
                          "Жизнь батареи мы продлили заменой ячейки.", "ru")
    assert not _same_case("The deposit stays with us.", "The rental agreement will be emailed today.", "en")
    assert _same_case("The courier could not find your address.", "Sorry the courier could not find the address.", "en")


def test_a_rule_with_a_fix_also_shows_what_fix_writes():
    pair = example_pair(_PACK.rule("debt-wording"), "ru", _LINTER)
    assert pair.fixed is not None and pair.flagged not in pair.fixed
    assert not _findings(_PACK.rule("debt-wording"), pair.fixed, "ru", None)


@pytest.mark.parametrize("args,code", [
    (["explain", "debt-wording"], 0),
    (["explain", "missing-apology", "--lang", "bg"], 0),
    (["explain", "nope"], 2),
])
def test_explain_command(args, code):
    assert CliRunner().invoke(main, args).exit_code == code


def test_every_rule_explains_in_text_within_the_width():
    for rule in _PACK.rules:
        result = CliRunner().invoke(main, ["explain", rule.id])
        assert result.exit_code == 0, result.output
        assert result.output.count("Example (") == len(rule.languages)
        assert max(len(line) for line in result.output.splitlines()) <= 88
