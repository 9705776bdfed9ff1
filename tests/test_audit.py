"""replylint audit: reading exports, mergeable summaries, the local engine and the command."""
from __future__ import annotations

import html
import json
import os
import random
import re
import signal
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_exports import records, with_text, write_csv, write_jsonl, write_parquet
from replylint.audit.config import AuditConfig, Columns
from replylint.audit.engines import local
from replylint.audit.periods import period_key
from replylint.audit.records import AuditRecord, ExportError, RecordError, plan_splits, read_split
from replylint.audit.report import summary_record
from replylint.audit.summary import SummaryBuilder, merge, merge_all
from replylint.audit.worker import summarise
from replylint.audit.worker import linter_for, reply_of
from replylint.cli import main

CONFIG = AuditConfig(dimensions=("agent", "team", "lang"), period="week", examples=3)
ROWS = records(240)
EMPTY = len(ROWS) - with_text(ROWS)  # rows with an empty reply cell


def _read(path, columns=Columns(), split_bytes=2**62):
    return [item for split in plan_splits([str(path)], columns, split_bytes) for item in read_split(split, columns)]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return {
        "jsonl": write_jsonl(folder / "replies.jsonl", ROWS, broken_lines=3),
        "csv": write_csv(folder / "replies.csv", ROWS),
        "parquet": write_parquet(folder / "replies.parquet", ROWS),
    }


@pytest.fixture(scope="module")
def linted():
    """(record, result) of every row, linted once for the merge tests."""
    linter = linter_for(CONFIG)
    items = [AuditRecord(**{k: v for k, v in row.items()}) for row in ROWS]
    return [(record, linter.lint(reply_of(record))) for record in items]


def test_every_format_reads_the_same_records(exports):
    from_jsonl = _read(exports["jsonl"])
    assert sum(isinstance(r, RecordError) for r in from_jsonl) == 3 + EMPTY
    good = [r for r in from_jsonl if isinstance(r, AuditRecord)]
    assert len(good) == len(ROWS) - EMPTY
    assert [r for r in _read(exports["csv"]) if isinstance(r, AuditRecord)] == good
    assert [r for r in _read(exports["parquet"]) if isinstance(r, AuditRecord)] == good


@pytest.mark.parametrize("split_bytes", [1, 7, 64, 333, 4096, 10**6])
def test_jsonl_splits_hold_every_line_exactly_once(exports, split_bytes):
    whole = _read(exports["jsonl"])
    splits = plan_splits([str(exports["jsonl"])], Columns(), split_bytes)
    assert len(splits) >= min(3, exports["jsonl"].stat().st_size // split_bytes)
    assert _read(exports["jsonl"], split_bytes=split_bytes) == whole


def test_parquet_splits_are_row_groups(exports):
    splits = plan_splits([str(exports["parquet"])], Columns(), 1)
    assert len(splits) == -(-len(ROWS) // 50)


def test_configurable_columns_and_missing_reply_column(tmp_path):
    rows = [{"text": "Простите за задержку.", "who": "ann"}, {"who": "bob"}]
    path = tmp_path / "renamed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    columns = Columns(reply="text", agent="who")
    first, second = _read(path, columns)
    assert first == AuditRecord(reply="Простите за задержку.", agent="ann")
    assert isinstance(second, RecordError)
    csv_path = write_csv(tmp_path / "x.csv", records(3))
    with pytest.raises(ExportError):
        plan_splits([str(csv_path)], columns)
    with pytest.raises(ExportError):
        plan_splits([str(tmp_path / "replies.xlsx")], Columns())


@pytest.mark.parametrize("created_at, period, key", [
    ("2024-01-05T10:00:00Z", "week", "2024-W01"),
    ("2024-01-01", "week", "2024-W01"),
    ("2023-12-31 23:59", "week", "2023-W52"),
    ("05.02.2024", "day", "2024-02-05"),
    ("2024-02-05", "month", "2024-02"),
    ("1704448800", "day", "2024-01-05"),
    ("1704448800000", "day", "2024-01-05"),
    ("yesterday", "week", "unknown"),
    (None, "week", "unknown"),
    ("2024-02-30", "day", "unknown"),
    ("2024-01-05", "none", "all"),
])
def test_period_key(created_at, period, key):
    assert period_key(created_at, period) == key


def _summary_of(pairs):
    builder = SummaryBuilder(CONFIG)
    for record, result in pairs:
        builder.add(record, result)
    return builder.summary()


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(0, len(ROWS)), max_size=8), seed=st.integers(0, 2**16))
def test_any_partitioning_in_any_order_gives_the_same_summary(linted, cuts, seed):
    whole = _summary_of(linted)
    bounds = [0, *sorted(cuts), len(linted)]
    parts = [_summary_of(linted[a:b]) for a, b in zip(bounds, bounds[1:])]
    random.Random(seed).shuffle(parts)
    assert merge_all(parts, CONFIG) == whole
    if len(parts) >= 3:  # associative as well as commutative
        a, b, c = parts[:3]
        assert merge(merge(a, b), c) == merge(a, merge(b, c))


def test_summary_counts(linted):
    summary = _summary_of(linted)
    assert summary.total.replies == len(ROWS)
    assert sum(summary.total.scores) == len(ROWS)
    assert sum(t.replies for t in summary.groups["team"].values()) == len(ROWS)
    assert set(summary.groups["team"]) == {"billing", "tech", "логистика"}
    assert summary.groups["agent"]["(none)"].replies == sum(1 for r in ROWS if r["agent"] is None)
    assert summary.periods["unknown"].replies == sum(1 for r in ROWS if r["created_at"] in (None, "yesterday"))
    assert summary.total.rules["debt-wording"] >= len(ROWS) // len(set(r["reply"] for r in ROWS))
    for rule, examples in summary.worst.items():
        assert 1 <= len(examples) <= CONFIG.examples
        assert all(any(h.rule == rule for h in e.highlights) for e in examples)
        assert [e.rank() for e in examples] == sorted(e.rank() for e in examples)


def test_local_engine_same_summary_at_1_and_2_workers_and_from_every_format(exports):
    one = local.run([str(exports["jsonl"])], CONFIG, jobs=1)
    assert one.total.replies == len(ROWS) - EMPTY and sum(one.errors.values()) == 3 + EMPTY
    two = local.run([str(exports["jsonl"])], CONFIG, jobs=2)
    assert summary_record(two) == summary_record(one)
    from_csv = local.run([str(exports["csv"])], CONFIG, jobs=2)
    assert from_csv.total == one.total and from_csv.worst == one.worst and sum(from_csv.errors.values()) == EMPTY


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_writes_summary_and_page(exports, tmp_path):
    out = tmp_path / "report"
    result = run("audit", str(exports["jsonl"]), "--by", "agent,team", "--period", "week", "--out", str(out),
                 "-j", "2", "--examples", "2")
    assert result.exit_code == 0
    record = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert record["replies"] == len(ROWS) - EMPTY and record["unreadable"] == 3 + EMPTY
    assert record["by"] == ["agent", "team"]
    assert sum(g["replies"] for g in record["groups"]["team"]) == len(ROWS) - EMPTY
    assert sum(p["replies"] for p in record["periods"]) == len(ROWS) - EMPTY
    assert all(len(examples) <= 2 for examples in record["worst"].values())
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("<svg") >= 4  # rule frequency, two groupings, trend
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from the network


def test_cli_renamed_columns_from_csv(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("body,operator\nМы аннулировали ваш долг.,ann\n", encoding="utf-8")
    result = run("audit", str(path), "--column", "reply=body", "--column", "agent=operator", "--by", "agent",
                 "--out", str(tmp_path / "r"))
    assert result.exit_code == 0
    record = json.loads((tmp_path / "r" / "summary.json").read_text(encoding="utf-8"))
    assert record["groups"]["agent"][0]["value"] == "ann"
    assert "debt-wording" in record["groups"]["agent"][0]["rules"]


@pytest.mark.parametrize("args", [
    ["missing.jsonl"],
    ["{csv}", "--column", "reply=nothing"],
    ["{csv}", "--column", "colour=x"],
    ["{csv}", "--by", "mood"],
    ["{csv}.txt"],
])
def test_cli_errors_exit_2_in_one_line(tmp_path, args):
    csv_path = write_csv(tmp_path / "x.csv", records(3))
    Path_args = [a.replace("{csv}", str(csv_path)) for a in args]
    result = run("audit", *Path_args, "--out", str(tmp_path / "r"))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_cli_missing_extras_exit_2(tmp_path, monkeypatch):
    csv_path = write_csv(tmp_path / "x.csv", records(3))
    monkeypatch.setitem(sys.modules, "pyspark", None)
    result = run("audit", str(csv_path), "--engine", "spark", "--out", str(tmp_path / "r"))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    import replylint.audit

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the audit extra were not installed
    monkeypatch.delitem(sys.modules, "replylint.audit.charts", raising=False)
    monkeypatch.delattr(replylint.audit, "charts", raising=False)
    result = run("audit", str(csv_path), "--out", str(tmp_path / "r"))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


_PARENT = os.getpid()


def _die_in_worker(batch, config):
    if os.getpid() != _PARENT:
        os._exit(9)  # as if killed (kill -9, out of memory)
    return summarise(batch, config)


def test_a_worker_that_dies_ends_the_audit_with_one_line(exports, tmp_path, monkeypatch):
    """Like check: exit 2 with one line, never a hang (a Pool waited for ever)."""
    monkeypatch.setattr(local, "summarise", _die_in_worker)

    def hung(signum, frame):
        pytest.fail("audit hangs after a worker died")  # a BaseException: the CLI cannot swallow it

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        result = run("audit", str(exports["jsonl"]), "-j", "2", "--out", str(tmp_path / "r"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "worker" in result.stderr and not (tmp_path / "r").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_empty_reply_cells_are_unreadable_records_not_perfect_scores(tmp_path, fmt):
    """One bad reply and ten empty cells: the mean is the bad reply's score, not 96."""
    rows = records(1) + [dict(records(1)[0], id=f"e{n}", reply=("", " ", "\n")[n % 3]) for n in range(10)]
    rows[0]["reply"] = "Мы аннулировали ваш долг."
    path = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}[fmt](tmp_path / f"x.{fmt}", rows)
    summary = local.run([str(path)], CONFIG, jobs=1)
    bad = linter_for(CONFIG).lint(reply_of(AuditRecord(reply=rows[0]["reply"])))
    assert summary.total.replies == 1 and summary.total.mean_score == bad.score < 90
    assert sum(summary.errors.values()) == 10


def test_an_interrupted_report_leaves_the_previous_one_whole(exports, tmp_path, monkeypatch):
    """Ctrl-C while the page is drawn: summary.json and index.html stay the previous pair."""
    from replylint.audit import page
    from replylint.audit.report import write_report

    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("the user's own file", encoding="utf-8")
    write_report(local.run([str(exports["csv"])], CONFIG, jobs=1), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(page, "render_page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(local.run([str(exports["jsonl"])], CONFIG, jobs=1), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no half report, no temporary folder left
    monkeypatch.undo()
    written = write_report(local.run([str(exports["jsonl"])], CONFIG, jobs=1), out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "notes.txt", "summary.json"]
    assert json.loads(written[0].read_text(encoding="utf-8"))["unreadable"] == 3 + EMPTY


def _worst_section(page: str, rule: str) -> str:
    start = page.index(f'<summary><code class="rule">{rule}</code>')
    return page[start:page.index("</details>", start)]


def test_page_explains_the_box_plots_and_shows_absence_on_the_whole_reply(exports, pack):
    """The median line and the mean dot have a legend; the worst replies of an absence rule are
    outlined as a whole, not cut into boxes along the sentence the finding was pinned to."""
    from replylint.audit import charts
    from replylint.audit.page import render_page

    summary = local.run([str(exports["csv"])], CONFIG, jobs=1)
    legend = re.findall(r"<text[^>]*>([^<]*)</text>", charts.score_by_group(summary, "agent"))
    assert "median" in legend and "mean" in legend
    rules = {r.id: r for r in pack.rules}
    page = render_page(summary, summary_record(summary), rules)
    absence = _worst_section(page, "missing-apology")
    assert "whole-reply" in absence and "this-rule" not in absence
    marked = {rule for title in re.findall(r'<mark[^>]* title="([^"]*)"', page) for rule in title.split(", ")}
    assert marked and all(rules[rule].kind != "absence" for rule in marked)
    assert "this-rule" in _worst_section(page, "debt-wording") and "whole-reply" not in _worst_section(page, "debt-wording")


def test_the_audit_page_speaks_the_audited_replies_language(tmp_path):
    """--ui-lang auto: the page's labels and rule messages follow the replies' most frequent language."""
    from replylint.pack.load import load_pack
    from replylint.ui_text import labels

    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps({"reply": text}, ensure_ascii=False) + "\n" for text in (
        "Ми анулювали ваш борг.", "Вибачте, ми вже повернули вам гроші.", "We have cancelled your debt.")),
        encoding="utf-8")
    message = load_pack().rule("debt-wording").message
    for ui_lang, lang in (("auto", "uk"), ("en", "en")):
        out = tmp_path / ui_lang
        assert run("audit", str(path), "--period", "none", "--out", str(out), "--ui-lang", ui_lang).exit_code == 0
        page = (out / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page and labels(lang)["rule_frequency"] in page
        assert html.escape(message.get(lang)) in page
