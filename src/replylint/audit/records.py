"""Exports of sent replies (JSONL, CSV, Parquet) -> AuditRecords, streamed, split by split.

Every engine reads through this module, so a record means the same on a laptop and a cluster:
the driver plans splits (JSONL: byte ranges, CSV: whole files, Parquet: row groups) and each
worker reads its own. Not for linting or counting: see worker.py and summary.py.
"""
from __future__ import annotations

import csv
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..bounded import DEFAULT_MAX_BYTES, LongLine, read_line
from .config import Columns

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
# A JSONL split of this many bytes holds some tens of thousands of replies: minutes of linting
# for one core, seconds of scheduling overhead.
DEFAULT_SPLIT_BYTES = 32 * 1024 * 1024
PARQUET_BATCH_ROWS = 1024
# A single CSV cell may hold a long reply with its quoted e-mail thread.
csv.field_size_limit(64 * 1024 * 1024)


class ExportError(Exception):
    """The export as a whole cannot be audited (missing, unknown format, no reply column)."""


@dataclass(frozen=True)
class AuditRecord:
    """One sent reply and what is known about it; absent fields are None."""

    reply: str
    id: str | None = None
    agent: str | None = None
    team: str | None = None
    channel: str | None = None
    created_at: str | None = None
    complaint: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class RecordError:
    """A record that cannot be read. No position: the message must be the same whichever
    engine, and so whichever split, met the record."""

    message: str


@dataclass(frozen=True)
class Split:
    """A piece of an export that one task reads on its own. For JSONL it owns every line that
    starts in [start, end), as Hadoop's line reader does; for Parquet it is one row group."""

    path: str
    format: str
    start: int = 0
    end: int | None = None
    row_group: int | None = None


def export_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: unknown export format '{suffix}' (use .jsonl, .csv or .parquet)")
    return FORMATS[suffix]


def _text(value) -> str | None:
    """A field as text, whatever type the reader gave it; empty and NaN mean absent."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record_from_mapping(row: Mapping, columns: Columns) -> AuditRecord | RecordError:
    reply = row.get(columns.reply)
    # An empty cell is no reply at all: counted as one, it would score 100 and lift the mean.
    if not isinstance(reply, str) or not reply.strip():
        return RecordError(f"no text in the reply column '{columns.reply}'")
    return AuditRecord(
        reply=reply,
        id=_text(row.get(columns.id)),
        agent=_text(row.get(columns.agent)),
        team=_text(row.get(columns.team)),
        channel=_text(row.get(columns.channel)),
        created_at=_text(row.get(columns.created_at)),
        complaint=_text(row.get(columns.complaint)),
        lang=_text(row.get(columns.lang)),
    )


def record_from_line(raw: bytes, columns: Columns) -> AuditRecord | RecordError | None:
    """One JSONL line; None for a blank line."""
    try:
        line = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return RecordError("not valid UTF-8; save the export as UTF-8")
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return RecordError(f"invalid JSON: {exc.msg}")
    if not isinstance(row, dict):
        return RecordError("a JSONL record must be an object")
    return record_from_mapping(row, columns)


def _parquet_file(path: str):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("reading Parquet needs the audit extra: pip install 'replylint[audit]'") from None
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a bad file
        raise ExportError(f"{path}: not a readable Parquet file ({exc})") from None


def _csv_header(path: str) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def plan_splits(paths: Iterable[str], columns: Columns, split_bytes: int = DEFAULT_SPLIT_BYTES) -> list[Split]:
    """The splits of every export, in order; checks up front what can be checked without
    reading every record (the file exists, its format, a reply column in CSV and Parquet)."""
    splits: list[Split] = []
    for path in paths:
        fmt = export_format(path)
        if not os.path.isfile(path):
            raise ExportError(f"{path}: no such file")
        if fmt == "jsonl":
            size = os.path.getsize(path)
            step = max(1, split_bytes)
            splits.extend(Split(path, fmt, start, min(start + step, size)) for start in range(0, size, step))
            if size == 0:
                splits.append(Split(path, fmt, 0, 0))
        elif fmt == "csv":
            try:
                header = _csv_header(path)
            except UnicodeDecodeError:
                raise ExportError(f"{path}: not valid UTF-8; save the export as UTF-8") from None
            if columns.reply not in header:
                raise ExportError(f"{path}: no reply column '{columns.reply}' (set it with --column reply=NAME)")
            splits.append(Split(path, fmt))
        else:
            parquet = _parquet_file(path)
            if columns.reply not in parquet.schema_arrow.names:
                raise ExportError(f"{path}: no reply column '{columns.reply}' (set it with --column reply=NAME)")
            groups = parquet.num_row_groups
            splits.extend(Split(path, fmt, row_group=g) for g in range(groups))
            if groups == 0:
                splits.append(Split(path, fmt, row_group=None))
    return splits


def _jsonl_split(split: Split, columns: Columns) -> Iterator[AuditRecord | RecordError]:
    end = split.end if split.end is not None else os.path.getsize(split.path)
    with open(split.path, "rb") as handle:
        position = split.start
        if position > 0:
            # The line in progress at `start` belongs to the split before.
            handle.seek(position - 1)
            rest = read_line(handle, DEFAULT_MAX_BYTES)
            position += (rest.size if isinstance(rest, LongLine) else len(rest)) - 1
        while position < end:
            raw = read_line(handle, DEFAULT_MAX_BYTES)  # a line without end must not fill memory
            if isinstance(raw, LongLine):
                position += raw.size
                yield RecordError(f"line over the limit of {DEFAULT_MAX_BYTES} bytes")
                continue
            if not raw:
                return
            position += len(raw)
            record = record_from_line(raw, columns)
            if record is not None:
                yield record


def _csv_split(split: Split, columns: Columns) -> Iterator[AuditRecord | RecordError]:
    with open(split.path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        try:
            for row in rows:
                yield record_from_mapping(row, columns)
        except UnicodeDecodeError:
            yield RecordError("not valid UTF-8; save the export as UTF-8")
        except csv.Error as exc:
            yield RecordError(f"unreadable CSV, the rest of the file is skipped: {exc}")


def _parquet_split(split: Split, columns: Columns) -> Iterator[AuditRecord | RecordError]:
    if split.row_group is None:
        return
    parquet = _parquet_file(split.path)
    present = [name for name in dict.fromkeys(columns.names()) if name in parquet.schema_arrow.names]
    for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[split.row_group], columns=present):
        for row in batch.to_pylist():
            yield record_from_mapping(row, columns)


_READERS = {"jsonl": _jsonl_split, "csv": _csv_split, "parquet": _parquet_split}


def read_split(split: Split, columns: Columns) -> Iterator[AuditRecord | RecordError]:
    return _READERS[split.format](split, columns)
