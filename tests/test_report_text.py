"""The human formats at scale: `path:line:col:` links, wrapping without broken words, totals
per severity, clean replies left out of long runs, concise and quiet output, colour conventions."""
import json
import re

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.model import Reply
from replylint.report import text as text_report

DEBT = "Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n"
CLEAN = "Простите за ошибку и спасибо, что написали: мы вернули 300 рублей на вашу карту сегодня.\n"
HEAD = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?P<rule>[a-z-]+) \[(?P<severity>[a-z]+)\]( |$)")


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


@pytest.fixture
def replies(tmp_path):
    (tmp_path / "a.txt").write_text(DEBT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def _json(path, *args):
    return json.loads(run("check", path, "--format", "json", *args).stdout)


def test_each_finding_starts_with_a_linkable_path_line_column(replies):
    out = run("check", replies / "a.txt").stdout
    findings = _json(replies / "a.txt")["results"][0]["findings"]
    heads = [m.groupdict() for m in map(HEAD.match, out.splitlines()) if m]
    assert [(h["rule"], h["severity"], int(h["line"]), int(h["column"])) for h in heads] == [
        (f["rule"], f["severity"], f["line"], f["column"]) for f in findings]
    assert all(h["path"] == str(replies / "a.txt") for h in heads)


def test_lines_are_wrapped_to_80_columns_at_word_boundaries(replies):
    out = run("check", replies / "a.txt").stdout
    # The title and `path:line:col: rule [severity]` are never cut, however long the path: a
    # longer line is one of them (with at most the message's first word).
    for line in out.splitlines():
        head = HEAD.match(line)
        assert len(line) <= 80 or "  ·  " in line or (head and " " not in line[head.end():]), line
    flowing = " ".join(out.split())
    for f in _json(replies / "a.txt")["results"][0]["findings"]:
        assert " ".join(f["message"].split()) in flowing  # no word was cut in two
        assert all(" ".join(s.split()) in flowing for s in f["suggestions"])


def test_wrapping_follows_the_given_width(linter):
    result = linter.lint(Reply(path="draft.txt", text=DEBT))
    narrow = text_report.render([result], width=50)
    assert max(len(line) for line in narrow.splitlines() if "·" not in line) <= 50
    assert " ".join(narrow.split()) == " ".join(text_report.render([result], width=200).split())


def test_summary_gives_totals_per_severity_and_leaves_clean_replies_out(replies):
    out = run("check", replies).stdout
    findings = [f for r in _json(replies)["results"] for f in r["findings"]]
    counts = {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "suggestion")}
    summary = " ".join(out.rstrip("\n").split("\n\n")[-1].split())
    assert summary.startswith("2 replies checked (1 clean, not shown), ")
    for severity, count in counts.items():
        if count:
            assert f"{count} {severity}{'s' * (count != 1)}" in summary
    assert "b.txt" not in out


def test_a_single_clean_reply_is_still_shown_with_its_score(replies):
    out = run("check", replies / "b.txt").stdout
    assert "b.txt" in out and "score 100/100" in out and out.endswith("1 reply checked, 0 findings\n")


def test_concise_is_one_line_per_finding(replies):
    result = run("check", replies, "--format", "concise")
    findings = [f for r in _json(replies)["results"] for f in r["findings"]]
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and len(lines) == len(findings) + 1
    assert all(HEAD.match(line) for line in lines[:-1]) and lines[-1].startswith("2 replies checked")


def test_quiet_prints_findings_only(replies):
    concise = run("check", replies, "--format", "concise", "-q")
    assert concise.stdout.splitlines() == run("check", replies, "--format", "concise").stdout.splitlines()[:-1]
    assert run("check", replies / "b.txt", "--quiet").stdout == ""
    text = run("check", replies, "--quiet").stdout
    assert "replies checked" not in text and "a.txt" in text


def test_quiet_leaves_out_the_not_linted_warning_but_keeps_the_finding(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("check", tmp_path / "empty.txt", "--format", "concise", "-q")
    assert result.exit_code == 1 and result.stderr == ""
    assert HEAD.match(result.stdout).group("rule") == "not-linted"


@pytest.mark.parametrize("env, flag, coloured", [
    ({}, None, False),
    ({"FORCE_COLOR": "1"}, None, True),
    ({"NO_COLOR": "1"}, None, False),
    ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, None, False),
    ({"NO_COLOR": ""}, None, False),
    ({"NO_COLOR": "1"}, "--color", True),
    ({"FORCE_COLOR": "1"}, "--no-color", False),
])
def test_colour_follows_no_color_and_force_color(replies, env, flag, coloured):
    result = run("check", replies / "a.txt", *([flag] if flag else []), env=env)
    assert ("\x1b[" in result.stdout) == coloured
