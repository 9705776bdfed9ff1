"""The command line through click's CliRunner, and once as the installed console script."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.ui_text import labels

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEBT = "Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(DEBT, encoding="utf-8")
    return path


def test_json_contract_positions_and_exit_code(draft):
    result = run("check", str(draft), "--format", "json", "--select", "debt-wording")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == "1"
    (record,) = data["results"]
    assert record["path"] == str(draft) and record["id"] is None and record["lang"] == "ru"
    (finding,) = record["findings"]
    assert finding["rule"] == "debt-wording" and finding["severity"] == "error"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (2, 4, 2, 25)
    assert finding["text"] == "аннулировали ваш долг"
    assert record["score"] == 80
    assert set(finding) == {"rule", "severity", "message", "line", "column", "end_line",
                            "end_column", "text", "suggestions"}


def test_text_output_marks_rule_and_score(draft):
    result = run("check", str(draft), "--select", "debt-wording")
    assert result.exit_code == 1
    assert "debt-wording" in result.stdout and "score 80/100" in result.stdout
    assert "аннулировали ваш долг" in result.stdout


def test_stdin_and_fail_on(draft):
    assert run("check", "-", "--select", "debt-wording", input=DEBT).exit_code == 1
    assert run("check", "-", "--select", "debt-wording", "--fail-on", "none", input=DEBT).exit_code == 0
    clean = "Простите за ошибку, мы вернули деньги."
    assert run("check", "-", "--select", "debt-wording", input=clean).exit_code == 0


def test_directory_and_jsonl_batch_with_a_broken_line(tmp_path):
    (tmp_path / "a.txt").write_text(DEBT, encoding="utf-8")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "r1", "reply": "Мы списали вашу задолженность."}, ensure_ascii=False) + "\n"
        + "{broken\n"
        + json.dumps({"id": "r2", "reply": "Мы вернули деньги."}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    result = run("check", str(tmp_path), "--format", "json", "--select", "debt-wording")
    assert result.exit_code == 2  # an input error wins over findings
    data = json.loads(result.stdout)
    assert [(r["path"].endswith(("a.txt", "batch.jsonl")), r["id"]) for r in data["results"]] == [
        (True, None), (True, "r1"), (True, "r2")]
    assert [len(r["findings"]) for r in data["results"]] == [1, 1, 0]
    assert data["errors"][0]["line"] == 2
    assert "batch.jsonl:2:" in result.stderr


@pytest.mark.parametrize("args, option", [
    (["--severity", "debt-wordng=off"], "--severity"),
    (["--severity", "debt-wordng=error"], "--severity"),
    (["--ignore", "own-workload,debt-wordng"], "--ignore"),
    (["--select", "debt-wordng"], "--select"),
])
def test_unknown_rule_id_names_its_option_and_the_likely_id(draft, args, option):
    result = run("check", str(draft), *args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{option}: unknown rule id 'debt-wordng'" in result.stderr and "'debt-wording'" in result.stderr


@pytest.mark.parametrize("args", [["explain", "debt-wordng"], ["selftest", "--select", "debt-wordng"],
                                  ["fix", "DRAFT", "--select", "debt-wordng"]])
def test_unknown_rule_id_elsewhere_gets_the_likely_id(draft, args):
    result = run(*[str(draft) if a == "DRAFT" else a for a in args])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "unknown rule id 'debt-wordng'" in result.stderr and "'debt-wording'" in result.stderr


def test_missing_file_is_one_line_error(tmp_path):
    result = run("check", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("nope.txt:1:1: no such file or directory")
    assert "Traceback" not in result.output


def test_unknown_rule_id_is_usage_error(draft):
    result = run("check", str(draft), "--select", "no-such-rule")
    assert result.exit_code == 2
    assert "unknown rule id 'no-such-rule'" in result.stderr


def test_broken_extra_rule_pack(tmp_path, draft):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "x.yml").write_text("id: x\nkind: [", encoding="utf-8")
    result = run("check", str(draft), "--rules", str(rules))
    assert result.exit_code == 2
    assert "x.yml:3:1: invalid YAML" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_complaint_enables_ignores_the_problem(tmp_path):
    complaint = tmp_path / "complaint.txt"
    complaint.write_text("Курьер разбил банку варенья и уехал, не дождавшись меня у подъезда.", encoding="utf-8")
    reply = "Благодарим за выбор нашего магазина! Ваше мнение важно для нас."
    with_complaint = run("check", "-", "--complaint", str(complaint), "--format", "json", input=reply)
    without = run("check", "-", "--format", "json", input=reply)
    rules_with = {f["rule"] for f in json.loads(with_complaint.stdout)["results"][0]["findings"]}
    rules_without = {f["rule"] for f in json.loads(without.stdout)["results"][0]["findings"]}
    assert "ignores-the-problem" in rules_with and "ignores-the-problem" not in rules_without


def test_rules_and_explain():
    listing = run("rules", "--lang", "ru")
    assert listing.exit_code == 0 and "debt-wording" in listing.stdout
    explained = run("explain", "debt-wording", "--lang", "ru")  # in Russian: --ui-lang auto follows --lang
    assert explained.exit_code == 0 and labels("ru")["why_it_hurts"] in explained.stdout
    assert run("explain", "nope").exit_code == 2


@pytest.mark.skipif(not (SHARED / "corpus" / "dev" / "ru.jsonl").exists(), reason="../shared corpus not beside the repo")
def test_eval_prints_per_rule_table():
    result = run("eval", str(SHARED / "corpus" / "dev" / "ru.jsonl"), "--format", "json")
    assert result.exit_code == 0
    table = json.loads(result.stdout)["ru"]
    assert table["replies"] == 55
    assert {"precision", "recall", "tp", "fp", "fn"} <= set(table["rules"]["debt-wording"])


def test_installed_console_script(draft):
    exe = shutil.which("replylint") or str(Path(sys.executable).with_name("replylint"))
    proc = subprocess.run([exe, "check", str(draft), "--format", "json", "--select", "debt-wording"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["findings"][0]["rule"] == "debt-wording"


def test_bad_grammeme_in_extra_pack_is_one_line_error(tmp_path, draft):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "x.yml").write_text(
        "id: x\nkind: phrase\nseverity: error\nmessage: m\nwhy: w\npatterns:\n  ru: ['долг<NOPE>']\n"
        "examples:\n  ru:\n    fail: ['долг']\n    pass: ['нет']\n", encoding="utf-8")
    result = run("check", str(draft), "--rules", str(rules))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("x.yml:7:8: unknown grammeme 'NOPE' for ru in pattern 'долг<NOPE>'")


def test_absence_findings_point_at_the_whole_reply_not_its_greeting(draft):
    data = json.loads(run("check", str(draft), "--format", "json", "--select", "missing-apology").stdout)
    (finding,) = data["results"][0]["findings"]
    assert finding["rule"] == "missing-apology" and finding["text"] == ""
    assert (finding["line"], finding["column"]) == (finding["end_line"], finding["end_column"]) == (1, 1)
    text = run("check", str(draft), "--select", "missing-apology").stdout
    assert "(whole reply)" in text and "«Здравствуйте" not in text


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "html"])
def test_min_score_failure_is_told_in_every_format_and_on_stderr(draft, output_format):
    result = run("check", str(draft), "--select", "debt-wording", "--fail-on", "none", "--min-score", "90",
                 "--format", output_format)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "score 80 is below --min-score 90" in result.stderr
    assert "score 80 is below --min-score 90" in result.stdout
    if output_format == "json":
        assert json.loads(result.stdout)["results"][0]["notices"] == ["score 80 is below --min-score 90"]
    if output_format == "sarif":
        results = json.loads(result.stdout)["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["debt-wording", "min-score"]


def test_min_score_from_a_config_file_names_it(tmp_path, draft):
    (tmp_path / ".replylint.toml").write_text('fail-on = "none"\nmin-score = 90\n', encoding="utf-8")
    result = run("check", str(draft), "--select", "debt-wording")
    assert result.exit_code == 1
    assert "score 80 is below min-score 90 (set at " in result.stderr and ".replylint.toml:2:1)" in result.stderr


def test_a_passing_min_score_adds_nothing(draft):
    plain = run("check", str(draft), "--select", "debt-wording", "--format", "json")
    gated = run("check", str(draft), "--select", "debt-wording", "--format", "json", "--min-score", "80")
    assert gated.stdout == plain.stdout and gated.stderr == ""


@pytest.mark.parametrize("name, text", [("es.txt", "Hola, lo sentimos mucho por el retraso del pedido."),
                                        ("empty.txt", "")])
def test_a_reply_no_rule_was_applied_to_is_a_visible_gateable_finding(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1  # not-linted is a warning: the default --fail-on fails
    assert "not linted" in result.stdout and "score 100/100" not in result.stdout
    assert result.stderr.startswith("replylint: warning: ") and result.stderr.count("\n") == 1
    data = json.loads(run("check", str(path), "--format", "json").stdout)
    (record,) = data["results"]
    assert [f["rule"] for f in record["findings"]] == ["not-linted"] and record["score"] == 100
    assert run("check", str(path), "--severity", "not-linted=suggestion").exit_code == 0
    assert run("check", str(path), "--severity", "not-linted=suggestion", "--fail-on", "suggestion").exit_code == 1
    accepted = run("check", str(path), "--severity", "not-linted=off")
    assert accepted.exit_code == 0 and accepted.stderr == ""


@pytest.mark.parametrize("files", [[], ["notes.docx"], ["a.txt~"]])
def test_a_directory_with_nothing_to_lint_is_an_error(tmp_path, files):
    for name in files:
        (tmp_path / name).write_text("x", encoding="utf-8")
    result = run("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{tmp_path}:1:1: nothing to lint here" in result.stderr
    assert json.loads(result.stdout)["errors"][0]["path"] == str(tmp_path)


@pytest.mark.parametrize("name, text", [
    ("reply.liquid", "Здравствуйте, {{ customer.name }}! {% if refund %}Мы аннулировали ваш долг.{% endif %}"),
    ("reply.j2", "{# для возвратов #}Здравствуйте, {{ name }}! Мы аннулировали ваш долг. {% if x %}Спасибо.{% endif %}"),
    ("reply.hbs", "Здравствуйте, {{customer.name}}! {{#if refund}}Мы аннулировали ваш долг.{{/if}}"),
    ("reply.html.j2", "<p>Здравствуйте, {{ name }}!</p>\n<p>Мы аннулировали ваш долг.</p>"),
])
def test_liquid_jinja_and_handlebars_templates_are_linted_around_their_tags(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", str(tmp_path), "--format", "json")
    (record,) = json.loads(result.stdout)["results"]
    assert record["path"].endswith(name) and record["lang"] == "ru"
    findings = record["findings"]
    assert [f["text"] for f in findings if f["rule"] == "debt-wording"] == ["аннулировали ваш долг"]
    assert not any(word in f["text"] for f in findings for word in ("{", "}", "customer", "refund", "<p>"))


@pytest.mark.parametrize("args", [
    ["check", "DRAFT", "--bogus"],
    ["check"],
    ["check", "DRAFT", "--lang", "xx"],
    ["check", "DRAFT", "--severity", "debt-wording"],
    ["check", "DRAFT", "--min-score", "200"],
    ["chek", "DRAFT"],
    ["--bogus"],
    ["explain"],
])
def test_usage_errors_are_one_line_with_exit_2(draft, args):
    result = run(*[str(draft) if a == "DRAFT" else a for a in args])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("replylint: error: ")
    assert "--help" in result.stderr and "Usage:" not in result.stderr and result.stdout == ""


def test_lang_is_accepted_in_any_case(tmp_path, draft):
    upper = run("check", str(draft), "--lang", "RU", "--format", "json", "--select", "debt-wording")
    assert upper.exit_code == 1 and json.loads(upper.stdout)["results"][0]["lang"] == "ru"
    assert run("explain", "debt-wording", "--lang", "EN").exit_code == 0
    assert run("rules", "--lang", "Bg").exit_code == 0
    (tmp_path / ".replylint.toml").write_text('lang = "UK"\n', encoding="utf-8")
    configured = run("check", str(draft), "--format", "json", "--select", "debt-wording")
    assert json.loads(configured.stdout)["results"][0]["lang"] == "uk"


def test_serve_on_a_busy_port_is_one_line_and_exit_2():
    import socket

    pytest.importorskip("uvicorn", reason="the serve extra (uvicorn) is not installed")
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "playground" not in result.stderr
