"""The fixture repository of canned replies (tests/fixtures/templates), linted in one command
with its own configuration, suppressions and every CI output format."""
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main

REPO = Path(__file__).parent / "fixtures" / "templates"


def run(*args):
    return CliRunner().invoke(main, ["check", str(REPO), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def report():
    result = run("--format", "json")
    assert result.exit_code == 1  # errors are found and fail-on is "error"
    return json.loads(result.stdout)


def findings(report, path_end, record_id=None):
    return [(f["rule"], f["line"], f["column"]) for r in report["results"]
            if r["path"].endswith(path_end) and r["id"] == record_id for f in r["findings"]]


def test_every_format_and_language_in_one_run(report):
    results = report["results"]
    assert report["errors"] == []
    assert len(results) >= 30
    assert {r["lang"] for r in results} == {"ru", "uk", "bg", "en"}
    assert {Path(r["path"]).suffix for r in results} == {".txt", ".md", ".html", ".yaml", ".json", ".csv", ".jsonl"}
    assert not any("archive" in r["path"] for r in results)  # extend-exclude
    assert not any("team-rules" in r["path"] for r in results)  # the team's rule pack is not a template


def test_configuration_is_applied(report):
    rules = Counter(f["rule"] for r in report["results"] for f in r["findings"])
    assert "missing-thanks" not in rules  # severity off
    assert rules["dear-valued-customer"] == 1  # the team's own rule pack
    assert not [f for f in findings(report, "legal/terms.txt") if f[0] == "hiding-behind-policy"]  # per-path
    assert findings(report, "en/hiding-behind-policy.html")[1:] == [
        ("hiding-behind-policy", 2, 64), ("hiding-behind-policy", 2, 112)]


def test_suppressions_and_unused_ones(report):
    assert "hiding-behind-policy" not in {f[0] for f in findings(report, "ru/hiding-behind-policy.html")}
    assert "vague-promise" not in {f[0] for f in findings(report, "uk/macros.yaml", "late-fix")}
    assert "vague-promise" in {f[0] for f in findings(report, "bg/macros.yaml", "late-fix")}
    assert "passing-the-buck" not in {f[0] for f in findings(report, "export/helpdesk.csv", "buck-en-legacy")}
    assert ("unused-suppression", 5, 1) in findings(report, "export/batch.jsonl", "thanks-en")


def test_positions_point_into_the_files(report):
    assert ("debt-wording", 2, 68) in findings(report, "ru/debt-wording.txt")
    assert ("own-workload", 7, 79) in findings(report, "ru/macros.yaml", "busy-queue")
    assert ("passing-the-buck", 3, 69) in findings(report, "export/helpdesk.csv", "buck-ru")
    assert ("dismissive-tone", 1, 68) in findings(report, "export/batch.jsonl", "calm-ru")
    assert ("redirect-channel", 3, 66) in findings(report, "ru/redirect-channel.md")
    for result in report["results"]:
        lines = (Path(result["path"])).read_text(encoding="utf-8").splitlines()
        for f in result["findings"]:
            if f["text"] and f["line"] == f["end_line"] and not result["path"].endswith((".json", ".jsonl")):
                # the flagged words are in the file at that place (markup between them is blanked)
                first_word = f["text"].split()[0]
                assert lines[f["line"] - 1][f["column"] - 1:].startswith(first_word), (result["path"], f)


def test_sarif_github_text_and_statistics():
    sarif = run("--format", "sarif")
    log = json.loads(sarif.stdout)
    assert sarif.exit_code == 1 and log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == sum(1 for _ in log["runs"][0]["results"]) > 30
    github = run("--format", "github")
    assert github.exit_code == 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in github.stdout.splitlines())
    text = run("--statistics")
    assert text.exit_code == 1
    counts = {line.split()[1]: int(line.split()[0]) for line in text.stdout.splitlines()[-12:]
              if line.split() and line.split()[0].isdigit()}
    assert counts["passing-the-buck"] >= 4 and "missing-thanks" not in counts
    stats_beside_json = run("--format", "json", "--statistics")
    json.loads(stats_beside_json.stdout)  # statistics go to stderr beside a machine format
    assert "passing-the-buck" in stats_beside_json.stderr


def test_flags_override_the_repository_configuration():
    relaxed = run("--format", "json", "--no-report-unused-suppressions", "--fail-on", "none", "--min-score", "0")
    assert relaxed.exit_code == 0
    rules = {f["rule"] for r in json.loads(relaxed.stdout)["results"] for f in r["findings"]}
    assert "unused-suppression" not in rules


def test_gitignored_scratch_file_is_skipped(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy)
    (copy / ".git").mkdir()
    (copy / "scratch").mkdir()
    (copy / "scratch" / "draft.txt").write_text("Мы аннулировали ваш долг.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(copy), "--format", "json"], catch_exceptions=False)
    paths = {Path(r["path"]).relative_to(copy).as_posix() for r in json.loads(result.stdout)["results"]}
    assert "ru/debt-wording.txt" in paths and not any(p.startswith("scratch/") for p in paths)


@pytest.mark.skipif(shutil.which("replylint") is None, reason="console script not installed")
def test_installed_script_writes_sarif():
    done = subprocess.run(["replylint", "check", str(REPO), "--format", "sarif"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["runs"][0]["results"]
