"""The interface language: `--ui-lang auto` (the default) gives each reply's findings in the
reply's own language, a language given forces it, and every output says it. Messages are
compared with the pack's own texts for that language, never with a wording written here."""
import json
import re

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.ui_text import labels, not_linted_message
from replylint.segment import EMPTY_REPLY

# One draft, written in each language: the same eight findings in every one of them.
DRAFTS = {
    "ru": "Здравствуйте! Успокойтесь, пожалуйста: у большинства клиентов доставка проходит без проблем. "
          "Мы списали ваш долг в порядке исключения и постараемся разобраться в ближайшее время.",
    "uk": "Добрий день! Заспокойтеся, будь ласка: у більшості клієнтів доставка проходить без проблем. "
          "Ми списали ваш борг як виняток і постараємося розібратися найближчим часом.",
    "bg": "Здравейте! Успокойте се, моля: при повечето клиенти доставката минава без проблеми. "
          "Опростихме ви дълга по изключение и ще се постараем да проверим възможно най-скоро.",
    "en": "Hello! Please calm down: most customers get their deliveries without any trouble. "
          "We wrote off your debt as an exception and will try to look into it as soon as possible.",
}
RULES = {"missing-apology", "missing-thanks", "dismissive-tone", "compare-to-others", "debt-wording", "vague-promise"}


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def drafts(tmp_path):
    for lang, text in DRAFTS.items():
        (tmp_path / f"{lang}.txt").write_text(text + "\n", encoding="utf-8")
    return tmp_path


def _records(*args) -> dict:
    result = run("check", *args, "--format", "json")
    assert result.exit_code == 1, result.output
    return {record["path"].rsplit("/", 1)[-1][:2]: record for record in json.loads(result.stdout)["results"]}


def test_auto_speaks_each_replys_language_and_json_says_which(drafts, pack):
    records = _records(str(drafts))
    assert sorted(records) == sorted(DRAFTS)
    for lang, record in records.items():
        assert record["lang"] == record["ui_lang"] == lang
        assert {f["rule"] for f in record["findings"]} == RULES
        for finding in record["findings"]:
            assert finding["message"] == pack.rule(finding["rule"]).message.get(lang), (lang, finding["rule"])


def test_a_given_language_is_used_for_every_reply(drafts, pack):
    for ui_lang in ("en", "bg"):
        for lang, record in _records(str(drafts), "--ui-lang", ui_lang).items():
            assert record["lang"] == lang and record["ui_lang"] == ui_lang
            assert {f["message"] for f in record["findings"]} == {pack.rule(r).message.get(ui_lang) for r in RULES}


@pytest.mark.parametrize("lang", sorted(DRAFTS))
def test_text_output_gives_message_and_hint_in_the_drafts_language(drafts, pack, lang):
    result = run("check", str(drafts / f"{lang}.txt"))
    assert result.exit_code == 1
    shown = _flat(result.stdout)
    for rule_id in RULES:
        rule = pack.rule(rule_id)
        assert _flat(rule.message.get(lang)) in shown and _flat(rule.hint.get(lang)) in shown, rule_id
    others = [other for other in DRAFTS if other != lang]
    assert not any(_flat(pack.rule("debt-wording").message.get(other)) in shown for other in others)


@pytest.mark.parametrize("output_format", ["concise", "github", "sarif"])
def test_every_format_carries_the_chosen_text(drafts, pack, output_format):
    result = run("check", str(drafts / "uk.txt"), "--format", output_format)
    assert result.exit_code == 1
    assert pack.rule("debt-wording").message.get("uk") in result.stdout
    if output_format == "sarif":
        descriptors = {r["id"]: r for r in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]}
        rule = pack.rule("vague-promise")
        assert descriptors["vague-promise"]["fullDescription"]["text"] == rule.why.get("uk")
        assert descriptors["vague-promise"]["help"]["text"] == rule.hint.get("uk")
        assert descriptors["unused-suppression"]["shortDescription"]["text"] == labels("uk")["unused_suppression_rule"]


def test_html_report_labels_follow_the_language(drafts, pack):
    said = labels("ru")
    page = run("check", str(drafts / "ru.txt"), "--format", "html").stdout
    assert '<html lang="en">' in page  # auto: the page's own language is not known when it starts
    assert re.search(r'<section class="card reply" id="r0" lang="ru"', page)
    assert f'<div class="fix">{said["fix"]} ' in page and pack.rule("debt-wording").why.get("ru") in page
    assert f'<h2>{said["summary"]}</h2>' in page and f'<th>{said["what_to_do"]}</th>' in page
    forced = run("check", str(drafts / "ru.txt"), "--format", "html", "--ui-lang", "bg").stdout
    assert '<html lang="bg">' in forced and f'<title>{labels("bg")["report_title"]}</title>' in forced
    assert 'lang="ru"' not in forced


def test_configuration_sets_it_and_the_flag_wins(drafts, pack):
    (drafts / ".replylint.toml").write_text('ui-lang = "UK"\n', encoding="utf-8")
    assert {r["ui_lang"] for r in _records(str(drafts)).values()} == {"uk"}
    assert {r["ui_lang"] for r in _records(str(drafts), "--ui-lang", "auto").values()} == set(DRAFTS)
    (drafts / ".replylint.toml").write_text('ui-lang = "fr"\n', encoding="utf-8")
    result = run("check", str(drafts))
    assert result.exit_code == 2
    assert re.fullmatch(r"replylint: error: \S+\.replylint\.toml:1:1: expected one of auto, ru, uk, bg, en, got 'fr'\n",
                        result.stderr)


def test_a_team_rule_in_english_only_falls_back_to_english(tmp_path, pack):
    rules = tmp_path / "team"
    rules.mkdir()
    (rules / "dear-customer.yml").write_text(
        "id: dear-customer\nkind: phrase\nseverity: warning\n"
        "message: Skip 'dear customer'.\nwhy: It reads as a form letter.\n"
        "patterns:\n  ru: ['уважаемый клиент']\nexamples:\n  ru:\n    fail: ['Уважаемый клиент, простите нас.']\n"
        "    pass: ['Анна, простите нас.']\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Уважаемый клиент, мы списали ваш долг.\n", encoding="utf-8")
    result = run("check", str(draft), "--rules", str(rules), "--format", "json")
    (record,) = json.loads(result.stdout)["results"]
    messages = {f["rule"]: f["message"] for f in record["findings"]}
    assert record["ui_lang"] == "ru"
    assert messages["dear-customer"] == "Skip 'dear customer'."
    assert messages["debt-wording"] == pack.rule("debt-wording").message.get("ru")


def test_replylints_own_findings_speak_it_too(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "marked.txt").write_text("Спасибо, что написали, простите за ошибку. <!-- replylint-disable "
                                         "missing-thnks --> Мы вернули деньги сегодня.\n", encoding="utf-8")
    result = run("check", str(tmp_path), "--ui-lang", "ru", "--report-unused-suppressions", "--format", "json")
    records = {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(result.stdout)["results"]}
    (empty,) = records["empty.txt"]["findings"]
    assert empty["rule"] == "not-linted" and empty["message"] == not_linted_message(EMPTY_REPLY, "ru") != EMPTY_REPLY
    assert records["empty.txt"]["notices"] == [EMPTY_REPLY]  # notices stay English
    (unused,) = records["marked.txt"]["findings"]
    assert unused["rule"] == "unused-suppression" and "missing-thnks" in unused["message"]
    assert "missing-thanks" in unused["message"] and not unused["message"].startswith("suppression of")
    text = run("check", str(tmp_path / "empty.txt"), "--ui-lang", "ru").stdout
    assert "note:" not in text, "the not-linted finding already says the notice"


def test_explain_and_rules_speak_it(pack):
    rule = pack.rule("missing-apology")
    shown = _flat(run("explain", "missing-apology", "--lang", "uk").stdout)
    assert _flat(rule.why.get("uk")) in shown and labels("uk")["why_it_hurts"] in shown
    shown = _flat(run("explain", "missing-apology", "--ui-lang", "bg").stdout)
    assert _flat(rule.hint.get("bg")) in shown and _flat(rule.message.get("en")) not in shown
    assert _flat(rule.message.get("en")) in _flat(run("explain", "missing-apology").stdout)
    listed = run("rules", "--ui-lang", "ru").stdout
    assert rule.message.get("ru") in listed and rule.message.get("en") not in listed
    assert rule.message.get("uk") in run("rules", "--lang", "uk").stdout


def test_fix_lists_what_is_left_in_the_replys_language(tmp_path, pack):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFTS["bg"] + "\n", encoding="utf-8")
    result = run("fix", str(draft))
    assert _flat(pack.rule("missing-apology").hint.get("bg")) in _flat(result.stderr)
    result = run("fix", str(draft), "--ui-lang", "en")
    assert _flat(pack.rule("missing-apology").hint.get("en")) in _flat(result.stderr)


def test_playground_gets_texts_and_labels_in_every_language(pack):
    pytest.importorskip("starlette", reason="the serve extra (starlette) is not installed")
    pytest.importorskip("httpx", reason="starlette's test client needs httpx")
    from starlette.testclient import TestClient

    from replylint.serve import create_app
    from replylint.ui_text import all_labels

    client = TestClient(create_app(pack))
    texts = client.get("/rules").json()["vague-promise"]["texts"]
    rule = pack.rule("vague-promise")
    assert texts == {lang: {"message": rule.message.get(lang), "why": rule.why.get(lang), "hint": rule.hint.get(lang)}
                     for lang in ("en", "ru", "uk", "bg")}
    embedded = re.search(r'<script type="application/json" id="labels">(.*?)</script>', client.get("/").text).group(1)
    assert json.loads(embedded) == all_labels()
    (record,) = client.post("/check", json={"reply": DRAFTS["bg"]}).json()["results"]
    assert record["ui_lang"] == "bg"
