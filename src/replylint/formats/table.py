"""CSV (and TSV) exports of templates: a header row, one template per row, the text in a named
column (`csv-column`, else the first of TEXT_FIELDS). Cells keep their place in the file,
which the csv module does not tell, hence the small scanner here."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..inputs import InputError
from ..model import Reply, Suppression
from ..suppress import extract, parse_ids
from . import NAME_FIELDS, SUPPRESS_FIELD, TEXT_FIELDS
from .origin import SourceText, origin_of


@dataclass(frozen=True)
class Cell:
    value: str
    start: int  # offset of the first character inside any quotes
    end: int
    quoted: bool


class CsvError(ValueError):
    def __init__(self, offset: int, problem: str):
        super().__init__(problem)
        self.offset = offset


def rows(text: str, delimiter: str = ",") -> Iterator[list[Cell]]:
    """RFC 4180 rows: quoted cells may hold delimiters, line breaks and doubled quotes."""
    unquoted_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
    i, n = 0, len(text)
    row: list[Cell] = []
    while True:
        if i < n and text[i] == '"':
            j = i + 1
            while True:
                q = text.find('"', j)
                if q < 0:
                    raise CsvError(i, "unterminated quoted cell")
                if text.startswith('""', q):
                    j = q + 2
                    continue
                break
            row.append(Cell(text[i + 1:q].replace('""', '"'), i + 1, q, True))
            i = q + 1
            stray = unquoted_end.search(text, i)
            stop = stray.start() if stray else n
            if text[i:stop].strip():
                raise CsvError(i, "text after a quoted cell")
            i = stop
        else:
            m = unquoted_end.search(text, i)
            end = m.start() if m else n
            row.append(Cell(text[i:end], i, end, False))
            i = end
        if i < n and text[i] == delimiter:
            i += 1
            continue
        if not (len(row) == 1 and not row[0].value and not row[0].quoted):
            yield row
        row = []
        if i >= n:
            return
        i += 2 if text.startswith("\r\n", i) else 1
        if i >= n:
            return


def _column(header: list[str], wanted: str | None, candidates: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in ([wanted] if wanted else list(candidates)):
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None


def replies(path: str, text: str, options) -> Iterator[Reply | InputError]:
    source = SourceText(text)
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    try:
        table = list(rows(text, delimiter))
    except CsvError as exc:
        yield InputError(path, *source.position(exc.offset), f"invalid CSV: {exc}")
        return
    if not table:
        return
    header = [c.value for c in table[0]]
    text_column = _column(header, options.csv_column, TEXT_FIELDS)
    if text_column is None:
        wanted = options.csv_column or " or ".join(TEXT_FIELDS)
        yield InputError(path, 1, 1, f"no column named {wanted} (columns: {', '.join(header)})")
        return
    name_column = _column(header, None, NAME_FIELDS)
    lang_column = _column(header, "lang", ())
    suppress_column = _column(header, SUPPRESS_FIELD, ())
    for row in table[1:]:
        if text_column >= len(row):
            yield InputError(path, *source.position(row[0].start), f"row has no cell in column {header[text_column]!r}")
            continue
        cell = row[text_column]
        line, _ = source.position(cell.start)
        name = row[name_column].value if name_column is not None and name_column < len(row) else f"line {line}"
        origin = origin_of(cell.value, source, cell.start, cell.end, "csv" if cell.quoted else None)
        body, suppressions = extract(cell.value, origin.position)
        if suppress_column is not None and suppress_column < len(row) and row[suppress_column].value.strip():
            marker = row[suppress_column]
            suppressions = (Suppression(parse_ids(marker.value), *source.position(marker.start)), *suppressions)
        lang = row[lang_column].value.strip() if lang_column is not None and lang_column < len(row) else ""
        yield Reply(path=path, text=body, record_id=name, lang=options.lang or lang or None,
                    complaint=options.complaint, origin=origin, suppressions=suppressions)
