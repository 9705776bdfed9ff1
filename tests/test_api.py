"""The Python API: the same findings, positions and score as `check --format json`, errors as
exceptions carrying the CLI's one-line messages, a cheap `import replylint`."""
import json
import subprocess
import sys
import threading
from importlib.resources import files

import pytest
from click.testing import CliRunner

import replylint
from replylint.cli import main

REPLIES = [
    "Здравствуйте! Мы аннулировали ваш долг, вы сами виноваты.",
    "Добрый день 😀👍🏽! Мы аннулировали ваш долг.\r\nВторая строка: вы сами виноваты.",
    "We're sorry. Please be advised that your case has been referred to the competent unit.",
    "Перепрошуємо за затримку. Ми списали ваш борг.\n\nДякуємо, що написали.",
    "",
    "Hola, lo sentimos mucho.",
    "Мы аннулировали ваш долг. <!-- replylint-disable debt-wording -->",
]


def cli_json(reply, *args, complaint_path=None):
    extra = ["--complaint", str(complaint_path)] if complaint_path else []
    run = CliRunner().invoke(main, ["check", "-", "--format", "json", *extra, *args], input=reply.encode("utf-8"),
                             catch_exceptions=False)
    return json.loads(run.stdout)


@pytest.fixture(autouse=True)
def no_configuration_around(tmp_path, monkeypatch):
    """`check -` reads the configuration around the working directory; the API reads none."""
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("reply", REPLIES)
def test_result_is_the_json_contract_of_check(reply):
    result = replylint.lint(reply)
    expected = cli_json(reply)["results"][0]
    assert result.as_dict() == {**expected, "path": "<reply>"}
    assert expected["findings"] or result.score == 100
    for finding in result.findings:
        assert reply[finding.start:finding.end] == finding.text


def test_complaint_and_language_reach_the_engine(tmp_path):
    complaint = "Списали деньги дважды за одну подписку, верните."
    reply = "Здравствуйте! Спасибо, что написали. Приносим извинения. Мы проверим работу приложения."
    (tmp_path / "c.txt").write_text(complaint, encoding="utf-8")
    result = replylint.lint(reply, complaint=complaint, lang="RU")
    assert result.lang == "ru"
    assert result.as_dict() == {**cli_json(reply, "--lang", "ru", complaint_path=tmp_path / "c.txt")["results"][0],
                                "path": "<reply>"}
    assert "ignores-the-problem" in {f.rule for f in result.findings}


def test_findings_carry_hint_offsets_and_whole_reply():
    result = replylint.lint("Мы аннулировали ваш долг.")
    debt = next(f for f in result.findings if f.rule == "debt-wording")
    assert (debt.start, debt.end, debt.whole_reply) == (3, 24, False)
    assert debt.hint and debt.suggestions
    apology = next(f for f in result.findings if f.rule == "missing-apology")
    assert apology.whole_reply and apology.text == ""
    assert "hint" not in debt.as_dict() and "passed" not in result.as_dict()


def test_passed_follows_fail_on_and_min_score():
    clean = "Спасибо, что написали, и простите за задержку. Мы вернём деньги на карту сегодня до 18:00."
    assert replylint.lint(clean).passed
    bad = replylint.lint("Мы аннулировали ваш долг.")
    assert not bad.passed
    assert replylint.lint("Мы аннулировали ваш долг.", config={"fail-on": "none"}).passed
    strict = replylint.lint(clean, config={"select": ["bureaucratese"], "min-score": 100})
    assert strict.passed
    low = replylint.lint("Мы аннулировали ваш долг.", config={"fail-on": "none", "min-score": 90})
    assert not low.passed and "below min-score 90" in low.notices[-1]


def test_configuration_as_mapping_and_as_file(tmp_path):
    reply = "Мы аннулировали ваш долг, вы сами виноваты."
    ignored = replylint.lint(reply, config={"ignore": ["debt-wording"], "severity": {"blame-client": "suggestion"}})
    assert "debt-wording" not in {f.rule for f in ignored.findings}
    assert {f.severity for f in ignored.findings if f.rule == "blame-client"} == {"suggestion"}
    toml = tmp_path / "team.toml"
    toml.write_text('ignore = ["debt-wording"]\n', encoding="utf-8")
    from_file = replylint.Linter(toml).lint(reply)
    assert from_file.as_dict() == {**cli_json(reply, "--config", str(toml))["results"][0], "path": "<reply>"}


@pytest.mark.parametrize("name, text", [
    (".replylint.toml", 'ignore = ["debt-wordng"]\n'),
    (".replylint.toml", 'fail-on = "sometimes"\n'),
    (".replylint.yaml", "select: [\n"),
])
def test_configuration_errors_are_the_cli_lines(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(replylint.ReplylintError) as raised:
        replylint.Linter(path)
    run = CliRunner().invoke(main, ["check", "-", "--config", str(path)], input="Добрый день.")
    assert run.exit_code == 2
    assert run.stderr.strip() == f"replylint: error: {raised.value}"
    assert "\n" not in str(raised.value)


def test_rule_pack_errors_are_the_cli_lines(tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    (team / "x.yml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(replylint.ReplylintError) as raised:
        replylint.Linter({"rules": [str(team)]})
    assert type(raised.value).__name__ == "PackError"
    run = CliRunner().invoke(main, ["check", "-", "--rules", str(team)], input="Добрый день.")
    assert run.exit_code == 2
    assert run.stderr.strip() == f"replylint: error: {raised.value}"


def test_bad_arguments_are_python_errors():
    with pytest.raises(ValueError, match="lang"):
        replylint.lint("Добрый день.", lang="de")
    with pytest.raises(TypeError, match="reply"):
        replylint.lint(b"bytes")
    with pytest.raises(TypeError, match="config"):
        replylint.Linter(config=42)
    with pytest.raises(replylint.ReplylintError, match="per-path"):
        replylint.Linter({"per-path": {}})


def test_one_linter_serves_many_threads():
    linter = replylint.Linter()
    texts = [r for r in REPLIES if r] * 5
    expected = [linter.lint(t) for t in texts]
    got = [None] * len(texts)

    def work(start):
        for i in range(start, len(texts), 4):
            got[i] = linter.lint(texts[i])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == expected


def test_lint_keeps_one_default_linter():
    replylint.lint("Добрый день.")
    first = replylint.api._default
    replylint.lint("Добрый вечер.")
    assert replylint.api._default is first


def test_import_replylint_loads_no_linting_code():
    code = "import replylint, sys; print(sorted(m for m in sys.modules if m.startswith(('replylint', 'yaml', 'pymorphy3'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.replace("'", '"')) == ["replylint"]
    assert replylint.SCHEMA_VERSION == cli_json("Добрый день.")["version"]


def test_package_is_marked_typed():
    assert files("replylint").joinpath("py.typed").is_file()


def test_readme_example_prints_what_the_readme_shows(capsys):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- tests/test_api.py runs this example[^\n]*\n```python\n(?P<code>.*?)```\n\n```text\n"
                  r"(?P<output>.*?)```", readme, re.DOTALL)
    exec(compile(m["code"], "README.md", "exec"), {})
    assert capsys.readouterr().out == m["output"]
