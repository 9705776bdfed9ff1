"""--format html: a self-contained page with the flagged words marked, scores and a summary."""
import json
import re

from click.testing import CliRunner

from replylint.cli import main
from replylint.model import Reply
from replylint.report import html as html_report

TEXT = "Здравствуйте!\nМы аннулировали ваш долг <за> вторые сутки.\n"


def test_marks_exact_spans_escapes_and_summarises(pack, linter):
    result = linter.lint(Reply(path="a<b>.txt", text=TEXT))
    page = html_report.render([result], texts={("a<b>.txt", None): TEXT}, pack=pack)
    debt = next(f for f in result.findings if f.rule == "debt-wording")
    marked = re.findall(r'<mark class="[^"]*" data-rules="([^"]*)"[^>]*>([^<]*)</mark>', page)
    assert ("debt-wording", debt.text) in marked
    assert "&lt;за&gt;" in page and "a&lt;b&gt;.txt" in page
    assert f'data-score="{result.score}"' in page
    assert '<tr data-rule="debt-wording">' in page
    # self-contained: nothing is fetched from anywhere
    assert not re.search(r'(src|href)=["\']?(https?:)?//', page)
    assert "<link" not in page


def test_overlapping_findings_split_into_marks_naming_both(pack, linter):
    result = linter.lint(Reply(path="x", text=TEXT))
    page = html_report.render([result], texts={("x", None): TEXT}, pack=pack)
    # missing-apology covers the opening sentence and overlaps nothing else here; every
    # finding with a span has at least one mark naming it
    for f in result.findings:
        if f.span.end > f.span.start:
            assert re.search(rf'data-rules="[^"]*\b{re.escape(f.rule)}\b', page)


def test_cli_html_matches_json_scores(tmp_path):
    for name, text in (("a.txt", TEXT), ("b.txt", "Спасибо, что написали, и простите за ошибку: мы вернули 300 рублей на вашу карту.\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    runner = CliRunner()
    page = runner.invoke(main, ["check", str(tmp_path), "--format", "html"])
    data = json.loads(runner.invoke(main, ["check", str(tmp_path), "--format", "json"]).stdout)
    assert page.exit_code == 1
    scores = re.findall(r'<section class="card reply"[^>]*data-score="(\d+)"', page.stdout)
    assert sorted(map(int, scores)) == sorted(r["score"] for r in data["results"])
    assert page.stdout.rstrip().endswith("</html>")


def test_a_rule_id_with_quotes_cannot_add_attributes(pack, linter):
    """A team rule id is text: `"` in it must not close the attribute and open another."""
    from html.parser import HTMLParser

    hostile = 'team-rule" onmouseover="alert(1)'
    result = linter.lint(Reply(path="x", text=TEXT))
    result = result._replace(findings=tuple(f._replace(rule=hostile) for f in result.findings))
    page = html_report.render([result], texts={("x", None): TEXT}, pack=pack)
    marks, items = [], []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            (marks if tag == "mark" else items if tag in ("li", "tr") else []).append(dict(attrs))

    Collect().feed(page)
    assert marks and all(set(m) <= {"class", "data-rules", "data-findings", "tabindex", "title"} for m in marks)
    assert {m["data-rules"] for m in marks} == {hostile}
    assert not [a for a in marks + items if "onmouseover" in a]
