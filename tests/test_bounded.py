"""Reads that stop at a limit: whole inputs, and lines of JSONL batches in `check` and `audit`."""
import io
import json

import pytest

from replylint.audit import records
from replylint.audit.config import Columns
from replylint.bounded import LongLine, OverLimit, read_limited, read_line, read_stream


class CountingStream(io.RawIOBase):
    """An endless stream of one byte that counts what was taken from it."""

    def __init__(self, byte: bytes = b"a"):
        self.byte = byte
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), 4096)
        buffer[:size] = self.byte * size
        self.taken += size
        return size


def test_a_stream_is_read_whole_under_the_limit_and_refused_past_it():
    assert read_stream(io.BytesIO(b"x" * 1000), 1000) == b"x" * 1000
    endless = CountingStream()
    with pytest.raises(OverLimit) as refused:
        read_stream(io.BufferedReader(endless), 1000)
    assert refused.value.limit == 1000 and refused.value.size is None
    assert endless.taken < 20_000  # a few buffers, never the endless rest


def test_a_regular_file_over_the_limit_is_refused_by_its_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(OverLimit) as refused:
        read_limited(path, 1000)
    assert refused.value.size == 2000
    assert read_limited(path, 2000) == b"x" * 2000


def test_a_long_line_is_dropped_without_being_held():
    assert read_line(io.BytesIO(b"ab\ncd"), 10) == b"ab\n"
    stream = io.BytesIO(b"x" * 50 + b"\nok\n" + b"y" * 50)
    assert read_line(stream, 10) == LongLine(51)
    assert read_line(stream, 10) == b"ok\n"
    assert read_line(stream, 10) == LongLine(50)  # the last line, without a line break
    assert read_line(stream, 10) == b""


def test_check_reports_a_line_without_end_at_its_number(tmp_path):
    """The last line of a batch, over the limit and never ended: an error at its line, in
    order with the other records, and the records before it linted."""
    from click.testing import CliRunner

    from replylint.cli import main

    path = tmp_path / "batch.jsonl"
    record = json.dumps({"reply": "Мы аннулировали ваш долг."}, ensure_ascii=False).encode()
    path.write_bytes(record + b"\n" + record + b"\n" + b"z" * 100_000)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--max-bytes", "1000"])
    data = json.loads(result.stdout)
    assert result.exit_code == 2 and len(data["results"]) == 2
    assert [(e["line"], e["column"]) for e in data["errors"]] == [(3, 1)]


@pytest.mark.parametrize("split_bytes", [10_000_000, 700])
def test_audit_drops_a_line_over_the_limit_and_reads_on(split_bytes, tmp_path, monkeypatch):
    """Whichever split a long line starts or ends in, it is one error and no record is lost."""
    monkeypatch.setattr(records, "DEFAULT_MAX_BYTES", 500)
    path = tmp_path / "export.jsonl"
    line = json.dumps({"reply": "Спасибо!"}).encode() + b"\n"
    path.write_bytes(line * 3 + b"a" * 2000 + b"\n" + line * 3 + b"b" * 2000)
    splits = records.plan_splits([str(path)], Columns(), split_bytes)
    read = [item for split in splits for item in records.read_split(split, Columns())]
    assert sum(isinstance(item, records.AuditRecord) for item in read) == 6
    assert [item.message for item in read if isinstance(item, records.RecordError)] == [
        "line over the limit of 500 bytes"] * 2
