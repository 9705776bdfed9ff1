"""Safe fixes: replacements inflected to agree with the words they replace, offered only where
they silence their rule, never for absence rules; the `fix` command's diff and careful write."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.fix import Fixer, apply_edits
from replylint.model import Reply
from replylint.pack.load import parse_rule
from replylint.pack.schema import PackError
from replylint.rewrite import StaleFileError, read_source, write_fixed


@pytest.fixture(scope="module")
def fixer(linter):
    return Fixer(linter)


def _fixed(linter, fixer, text, lang=None):
    reply = Reply(path="draft", text=text, lang=lang)
    edits = fixer.edits(reply, linter.lint(reply))
    return apply_edits(text, edits), edits


@pytest.mark.parametrize("text,expected", [
    ("Мы аннулировали ваш долг за лишний час.", "Мы вернули вам деньги за лишний час."),
    ("Я аннулировал вашу задолженность.", "Я вернул вам деньги."),
    ("Мы аннулируем ваш долг.", "Мы вернём вам деньги."),
    ("Мы списали задолженность.", "Мы вернули вам деньги."),
    ("Ми анулювали ваш борг за травень.", "Ми повернули вам гроші за травень."),
    ("Осуществлён возврат денежных средств на вашу карту.", "Мы вернули деньги на вашу карту."),
    ("Возврат денежных средств будет осуществлён до пятницы.", "Мы вернём деньги до пятницы."),
    ("Мы осуществили возврат денежных средств.", "Мы вернули деньги."),
    ("Повернення грошових коштів буде здійснено завтра.", "Ми повернемо гроші завтра."),
])
def test_replacement_agrees_with_the_replaced_words(linter, fixer, text, expected):
    fixed, edits = _fixed(linter, fixer, text)
    assert fixed == expected
    rules = {e.rule for e in edits}
    after = linter.lint(Reply(path="draft", text=fixed))
    assert not rules & {f.rule for f in after.findings}


def test_every_offered_fix_silences_its_rule_on_the_rule_examples(pack, linter, fixer):
    fixed_any = 0
    for rule in pack.rules:
        for lang in rule.replacements:
            for example in rule.examples[lang].fail:
                fixed, edits = _fixed(linter, fixer, example.text, lang)
                if not edits:
                    continue
                fixed_any += 1
                after = linter.lint(Reply(path="draft", text=fixed, lang=lang))
                assert rule.id not in {f.rule for f in after.findings}, (example.text, fixed)
    assert fixed_any >= 3


def test_no_fix_without_a_safe_replacement(linter, fixer):
    # passive "задолженность списана" and a missing apology have no mechanical fix
    for text in ("Задолженность списана.", "Мы проверили заказ, курьер приедет завтра в 10:00."):
        fixed, edits = _fixed(linter, fixer, text)
        assert edits == () and fixed == text


def test_a_verb_read_first_as_another_part_of_speech_still_sets_the_form(linter, fixer):
    # "осуществим" is first a short adjective: the replacement once came out as "вернуть".
    fixed, edits = _fixed(linter, fixer, "Мы осуществим возврат денежных средств.")
    assert fixed == "Мы вернём деньги."


def test_a_slot_with_no_word_to_agree_with_is_not_filled_with_the_dictionary_form():
    from replylint.fix import render_template
    from replylint.segment import segment
    from replylint.tokens import tokenize

    tokens = list(tokenize(segment("возврат денежных средств", "ru")))
    assert render_template("мы {вернуть} деньги", "ru", tokens) is None


@pytest.mark.parametrize("text", [
    "Возврат денежных средств будет осуществлён. Мы вернули вам деньги.",  # issue 15
    "Мы уже вернули вам деньги, возврат денежных средств осуществлён.",
    "Мы аннулируем ваш долг. Мы вернули вам деньги.",
    "Нами будет осуществлён возврат денежных средств.",  # "Нами мы вернём деньги"
], ids=["said-in-the-next-sentence", "said-in-the-same-sentence", "said-in-another-tense", "agent-twice"])
def test_no_fix_that_says_again_what_the_reply_says(linter, fixer, text):
    fixed, edits = _fixed(linter, fixer, text)
    assert edits == () and fixed == text


def test_two_fixes_of_different_words_never_write_the_same_thing_twice(linter, fixer):
    fixed, edits = _fixed(linter, fixer, "Мы аннулировали ваш долг. Возврат денежных средств будет осуществлён.")
    assert fixed == "Мы вернули вам деньги. Возврат денежных средств будет осуществлён."
    # the same words twice were the author's repetition: both fixed
    fixed, edits = _fixed(linter, fixer, "Мы аннулировали ваш долг за март. Мы аннулировали ваш долг за май.")
    assert fixed == "Мы вернули вам деньги за март. Мы вернули вам деньги за май."


@pytest.mark.parametrize("text", [
    "Мы аннулировали {{ticket.debt}} задолженность.",
    "Мы аннулировали ваш {{ticket.debt}} долг.",
], ids=["in-the-span", "inside-the-phrase"])
def test_a_placeholder_is_never_rewritten(linter, fixer, text):
    fixed, edits = _fixed(linter, fixer, text)
    assert "{{ticket.debt}}" in fixed
    assert all("{{" not in e.old for e in edits)


def _rule(extra: str, kind: str = "phrase") -> dict:
    import yaml

    return yaml.safe_load(f"""
id: my-rule
kind: {kind}
severity: warning
message: m
why: w
patterns:
  en: ["bad word"]
examples:
  en:
    fail: ["a bad word"]
    pass: ["fine"]
{extra}""")


def test_loader_validates_replace():
    rule = parse_rule(_rule('replace:\n  en:\n    - {find: "bad word", write: "good word"}'), "my-rule.yml")
    assert rule.replacements["en"][0].write == "good word"
    with pytest.raises(PackError, match="slots"):
        parse_rule(_rule('replace:\n  en:\n    - {find: "bad word", write: "{good} word"}'), "my-rule.yml")
    with pytest.raises(PackError, match="only phrase rules"):
        parse_rule(_rule('replace:\n  en:\n    - {find: "bad word", write: "x"}', kind="absence"), "my-rule.yml")
    with pytest.raises(PackError, match="needs patterns"):
        parse_rule(_rule('replace:\n  ru:\n    - {find: "плохой", write: "x"}'), "my-rule.yml")


def test_fix_command_diff_then_write_with_backup(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(main, ["fix", str(draft)])
    assert shown.exit_code == 1  # a missing apology is left: check's exit rules
    assert "-Мы аннулировали ваш долг за вторые сутки." in shown.stdout
    assert "+Мы вернули вам деньги за вторые сутки." in shown.stdout
    assert "missing-apology" in shown.stderr  # absence: named, never invented
    assert draft.read_text(encoding="utf-8").startswith("Здравствуйте!\nМы аннулировали")

    written = runner.invoke(main, ["fix", "--write", "--fail-on", "none", str(draft)])
    assert written.exit_code == 0
    assert draft.read_text(encoding="utf-8") == "Здравствуйте!\nМы вернули вам деньги за вторые сутки.\n"
    assert (tmp_path / "draft.txt.orig").read_text(encoding="utf-8").startswith("Здравствуйте!\nМы аннулировали")
    assert runner.invoke(main, ["fix", str(draft)]).stdout == ""


def _left(stderr: str, path: str) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each finding `fix` lists as left in the file at `path`."""
    found = []
    for line in stderr.splitlines():
        parts = line.split(":", 4)
        if len(parts) == 5 and parts[0] == path and parts[1].isdigit():
            found.append((parts[3].strip(), int(parts[1]), int(parts[2])))
    return found


def test_a_finding_of_a_fixed_rule_that_is_left_is_listed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "Мы аннулировали ваш долг. Задолженность списана.\n"  # the passive has no fix
    Path("draft.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(main, ["fix", "draft.txt"])
    assert "+Мы вернули вам деньги. Задолженность списана." in shown.stdout
    # beside a diff, the place is in the file as it still is
    assert ("debt-wording", 1, text.index("Задолженность") + 1) in _left(shown.stderr, "draft.txt")
    written = runner.invoke(main, ["fix", "--write", "draft.txt"])
    fixed = Path("draft.txt").read_text(encoding="utf-8")
    assert ("debt-wording", 1, fixed.index("Задолженность") + 1) in _left(written.stderr, "draft.txt")
    assert written.exit_code == 1


def test_fix_exits_as_check_does(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Мы аннулировали ваш долг.\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["fix", str(draft)]).exit_code == 1  # missing apology left
    assert runner.invoke(main, ["fix", "--fail-on", "none", str(draft)]).exit_code == 0
    low = runner.invoke(main, ["fix", "--fail-on", "none", "--min-score", "100", str(draft)])
    assert low.exit_code == 1 and "--min-score 100" in low.stderr
    # without --write nothing was fixed: the fixable finding still counts
    assert runner.invoke(main, ["fix", "--select", "debt-wording", str(draft)]).exit_code == 1
    assert runner.invoke(main, ["fix", "--write", "--select", "debt-wording", str(draft)]).exit_code == 0


def test_fix_walks_a_directory_as_check_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "replies" / "sub").mkdir(parents=True)
    Path("replies/a.txt").write_text("Мы аннулировали ваш долг.\n", encoding="utf-8")
    Path("replies/sub/b.md").write_text("# Ответ\n\nМы аннулировали ваш долг.\n", encoding="utf-8")
    Path("replies/sub/c.md").write_text("Мы **аннулировали** ваш долг.\n", encoding="utf-8")  # markup in the span
    collection = 'replies:\n  - text: "Мы аннулировали ваш долг."\n'
    Path("replies/macros.yaml").write_text(collection, encoding="utf-8")
    Path("replies/notes.log").write_text("Мы аннулировали ваш долг.\n", encoding="utf-8")  # not a reply file
    runner = CliRunner()
    shown = runner.invoke(main, ["fix", "--fail-on", "none", "replies"])
    assert shown.exit_code == 0
    assert "+++ b/replies/a.txt" in shown.stdout and "+++ b/replies/sub/b.md" in shown.stdout
    assert "c.md" not in shown.stdout and "macros.yaml" not in shown.stdout
    assert ("debt-wording", 2, 15) in _left(shown.stderr, "replies/macros.yaml")  # linted, not rewritten
    assert runner.invoke(main, ["fix", "--write", "--fail-on", "none", "replies"]).exit_code == 0
    assert Path("replies/sub/b.md").read_text(encoding="utf-8") == "# Ответ\n\nМы вернули вам деньги.\n"
    assert Path("replies/sub/c.md").read_text(encoding="utf-8") == "Мы **аннулировали** ваш долг.\n"
    assert Path("replies/macros.yaml").read_text(encoding="utf-8") == collection
    assert Path("replies/notes.log").read_text(encoding="utf-8") == "Мы аннулировали ваш долг.\n"


def test_fix_reads_stdin_and_never_writes_to_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    shown = runner.invoke(main, ["fix", "--fail-on", "none", "-"], input="Мы аннулировали ваш долг.\n")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[:2] == ["--- <stdin>", "+++ <stdin>"]
    assert "+Мы вернули вам деньги." in shown.stdout
    filtered = runner.invoke(main, ["fix", "--write", "--fail-on", "none", "-"], input="Мы аннулировали ваш долг.\n")
    assert filtered.exit_code == 0 and filtered.stdout == "Мы вернули вам деньги.\n"
    assert list(tmp_path.iterdir()) == []


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Мы аннулировали ваш долг.\n", encoding="utf-8")
    source = read_source(draft)
    draft.write_text("Someone else edited this.\n", encoding="utf-8")
    with pytest.raises(StaleFileError):
        write_fixed(source, "Мы вернули вам деньги.\n")
    assert draft.read_text(encoding="utf-8") == "Someone else edited this.\n"


def test_write_keeps_a_byte_order_mark(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes("\ufeffМы аннулировали ваш долг.\n".encode("utf-8"))
    source = read_source(draft)
    write_fixed(source, "Мы вернули вам деньги.\n", backup=False)
    assert draft.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "draft.txt.orig").exists()
