"""Large batches: the same report whether linted in this process or by forked workers, with
JSONL lines read in chunks (line numbers, byte order mark, bad lines at chunk edges)."""
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint import runner
from replylint.cli import main
from replylint.inputs import JSONL_CHUNK_BYTES, JsonlChunk, read_replies
from replylint.model import Reply

CORPUS = Path(__file__).parent / "corpus"


def _batch(tmp_path) -> tuple[Path, dict[int, str]]:
    """Own corpus records, repeated past the parallel threshold and several chunks, with bad
    lines placed in later chunks; returns the file and {line number: expected error}."""
    records = [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [json.dumps(r, ensure_ascii=number % 2 == 0) for number, r in enumerate(records * 2)]
    lines.insert(300, "")
    lines.insert(450, '{"reply": "unterminated')
    lines.insert(600, '["not", "an object"]')
    data = "\ufeff" + "\n".join(lines) + "\n"
    raw = data.encode("utf-8")
    bad_utf8_at = len(lines) - 5  # a line of invalid UTF-8 near the end
    split = raw.split(b"\n")
    split[bad_utf8_at] = b'{"reply": "\xff\xfe"}'
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join(split))
    assert path.stat().st_size > 3 * JSONL_CHUNK_BYTES and len(lines) > 2 * runner.PARALLEL_THRESHOLD
    return path, {451: "invalid JSON", 601: "must be an object", bad_utf8_at + 1: "not valid UTF-8"}


def _check(path: Path, *more: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", str(path), "--fail-on", "none", *more], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_workers_give_the_same_report_as_one_process(tmp_path):
    path, expected_errors = _batch(tmp_path)
    code_one, one, errors_one = _check(path, "--format", "json", "--statistics", "--jobs", "1")
    code_two, two, errors_two = _check(path, "--format", "json", "--statistics", "--jobs", "2")
    assert (code_one, one, errors_one) == (code_two, two, errors_two)
    assert code_one == 2  # the bad lines are input errors; every other record was linted
    report = json.loads(one)
    assert {e["line"]: e["message"] for e in report["errors"]}.keys() == expected_errors.keys()
    for error in report["errors"]:
        assert expected_errors[error["line"]] in error["message"]
    assert len(report["results"]) == sum(1 for _ in path.open("rb")) - 1 - len(expected_errors)
    assert any(r["findings"] for r in report["results"])


@pytest.mark.parametrize("output_format", ["text", "concise", "github", "sarif", "html"])
def test_every_format_is_the_same_from_workers(tmp_path, output_format):
    """Each reply's piece of the report is made in a worker (report.Writer.piece): the
    document must not depend on where it was made."""
    path, _ = _batch(tmp_path)
    # --statistics and --fail-on read the findings that come back from workers.
    one = _check(path, "--format", output_format, "--statistics", "--fail-on", "warning", "--jobs", "1")
    two = _check(path, "--format", output_format, "--statistics", "--fail-on", "warning", "--jobs", "2")
    assert one == two
    assert one[1].count("missing-apology") > 10
    assert "missing-apology" in (one[1] if output_format in ("text", "concise") else one[2])  # the statistics


def test_findings_point_into_the_file_from_every_chunk(tmp_path):
    """A finding's line and columns, through JSON escapes, name the file's own characters."""
    path, _ = _batch(tmp_path)
    _code, out, _err = _check(path, "--format", "json", "--jobs", "2")
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    checked = 0
    for record in json.loads(out)["results"]:
        for finding in record["findings"]:
            if finding["line"] != finding["end_line"] or not finding["text"].isprintable():
                continue
            raw = lines[finding["line"] - 1][finding["column"] - 1:finding["end_column"] - 1]
            assert json.loads(f'"{raw}"') == finding["text"]
            checked += 1
    assert checked > 100


def test_html_report_keeps_the_reply_text_from_workers(tmp_path):
    path, _ = _batch(tmp_path)
    _code, page, _err = _check(path, "--format", "html", "--jobs", "2")
    first = json.loads(path.read_text(encoding="utf-8-sig", errors="replace").split("\n")[1])
    assert first["reply"].split()[0] in page


def test_chunks_cover_every_line_once(tmp_path):
    path, _ = _batch(tmp_path)
    chunks = list(read_replies((str(path),), defer_records=True))
    assert all(isinstance(c, JsonlChunk) for c in chunks) and len(chunks) > 3
    numbers = [c.first_line + i for c in chunks for i in range(len(c))]
    assert numbers == list(range(1, len(numbers) + 1))
    parsed = [r for c in chunks for r in c.replies()]
    assert parsed[0].record_id == json.loads(path.read_text(encoding="utf-8-sig", errors="replace")
                                             .split("\n")[0])["id"]  # the byte order mark is dropped
    assert all(isinstance(r, Reply) for r in parsed[:250])


@pytest.mark.parametrize("gate", [("--fail-on", "warning"), ("--min-score", "100")])
def test_exit_code_gates_see_the_findings_from_workers(tmp_path, gate):
    """Workers send back only each finding's rule and severity for the json format: enough
    for --fail-on and --min-score to decide as in one process."""
    records = [json.loads(line) for path in sorted(CORPUS.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = tmp_path / "clean.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records * 2), encoding="utf-8")
    one = _check(path, "--format", "json", "--jobs", "1", *gate)
    two = _check(path, "--format", "json", "--jobs", "2", *gate)
    assert one == two
    assert one[0] == 1


_PARENT = os.getpid()
_real_lint_batch = runner._lint_batch


def _die(batch):
    """Lints in this process (the replies before the fork); dies in a worker."""
    if os.getpid() != _PARENT:
        os._exit(3)
    return _real_lint_batch(batch)


def test_a_worker_that_dies_ends_the_run_with_one_line(tmp_path, monkeypatch):
    """A killed worker (out of memory, say) is a clear error and exit 2, never a hang or a traceback."""
    path, _ = _batch(tmp_path)
    monkeypatch.setattr(runner, "_lint_batch", _die)
    code, _out, err = _check(path, "--format", "json", "--jobs", "2")
    assert code == 2
    assert "worker process died" in err and "Traceback" not in err
