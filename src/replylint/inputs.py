"""Paths -> replies to lint, and one-line errors for inputs that cannot be read.

A bad file becomes an InputError record and the run goes on with the others; nothing is
ever written back. Not for linting: see engine.py.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .bounded import DEFAULT_MAX_BYTES, LongLine, OverLimit, read_limited, read_line, read_stream
from .formats import SUPPRESS_FIELD, TEXT_FIELDS, ReadOptions, read_text
from .formats.origin import JsonFieldOrigin
from .model import Reply, Suppression, display_path, one_line
from .suppress import extract, parse_ids


@dataclass(frozen=True)
class InputError:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return one_line(f"{display_path(self.path)}:{self.line}:{self.column}: {self.message}")


@dataclass(frozen=True)
class SkippedInput(InputError):
    """A path a walk or a glob found and left alone (a FIFO, a socket, a device): told to the
    user as a notice, not an error. Anything that does not know notices sees an InputError."""


@dataclass(frozen=True)
class Decoded:
    """A file's text and the encoding it was read in; anything but UTF-8 is told to the user."""

    text: str
    encoding: str

    @property
    def notices(self) -> tuple[str, ...]:
        return () if self.encoding == "utf-8" else (f"decoded as {self.encoding}",)


# Legacy Cyrillic code pages, tried when a file is not UTF-8; on a tie the earlier wins.
LEGACY_ENCODINGS = ("cp1251", "koi8-r", "koi8-u")
# Letter weights for telling them apart, from the frequency order of ru/uk/bg letters: a wrong
# code page turns the frequent letters into rare ones (and lower case into upper case).
_FREQUENCY_ORDER = "оаеинтсрвлкмдпуяыьгзбчйхжшюцщэфъёіїєґ"
_LETTER_WEIGHTS = {c: (3 if i < 10 else 1 if i < 24 else -2) for i, c in enumerate(_FREQUENCY_ORDER)}
_LETTER_WEIGHTS.update({"і": 3, "ї": 1, "є": 1, "ґ": -1})
_ASCII_BYTES = bytes(range(0x80))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_LETTERS = re.compile(r"[^\W\d_]+")
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # not whitespace, not ESC
_SAMPLE = 65536


def _utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 without a BOM: in Latin and Cyrillic text (U+00xx, U+04xx) every other byte is
    0x00 or 0x04. Binary data with NULs fails the check or decodes to control characters."""
    if len(raw) < 2 or len(raw) % 2:
        return None
    sample = raw[:_SAMPLE]
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if high.count(0) + high.count(4) < 0.7 * len(high) or not high.count(0):
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _BINARY_CONTROL.search(text):
            return Decoded(text, encoding)
    return None


def _cyrillic_score(text: str) -> int | None:
    """How much `text` reads like ru/uk/bg prose; None if it is not Cyrillic text at all
    (Latin and Cyrillic letters inside one word, or mostly non-letters: a wrong guess)."""
    non_ascii = sum(not c.isascii() for c in text)
    cyrillic = odd_case = 0
    for word in _LETTERS.findall(text):
        if word.isascii():
            continue
        if not all("\u0400" <= c <= "\u04ff" for c in word):
            return None
        cyrillic += len(word)
        if not (word.islower() or word.isupper() or word.istitle()):
            odd_case += len(word)
    if cyrillic < 3 or cyrillic < 0.8 * non_ascii:
        return None
    return sum(_LETTER_WEIGHTS.get(c, -3) for c in text.lower() if not c.isascii()) - 3 * odd_case


def _legacy_cyrillic(raw: bytes, first_bad: int) -> Decoded | None:
    """cp1251 / koi8-r / koi8-u text, judged on a sample from the first non-UTF-8 byte on."""
    sample = raw[max(0, first_bad - 1024):first_bad + _SAMPLE]
    high = len(sample.translate(None, _ASCII_BYTES))
    if sum(len(m) for m in _UTF8_SEQUENCE.findall(sample)) >= high / 2:
        return None  # mostly valid UTF-8 sequences: a damaged UTF-8 file, not a code page
    best: tuple[int, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            score = _cyrillic_score(sample.decode(encoding))
        except UnicodeDecodeError:
            continue
        if score is not None and (best is None or score > best[0]):
            best = (score, encoding)
    if best is None:
        return None
    try:
        return Decoded(raw.decode(best[1]), best[1])
    except UnicodeDecodeError:
        return None


def decode_text(raw: bytes, path: str) -> Decoded | InputError:
    """UTF-8 (with or without BOM), UTF-16 (with or without BOM), or a legacy Cyrillic code
    page recognised by its letter frequencies; anything else is an error for this file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return InputError(path, 1, 1, "invalid UTF-16 text (it starts with a UTF-16 byte order mark)")
    if b"\x00" in raw:  # anywhere: a NUL past the first block is as binary as one in it
        return _utf16_without_bom(raw) or InputError(
            path, 1, 1, "binary file (contains NUL bytes), not a text reply")
    try:
        return Decoded(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        legacy = _legacy_cyrillic(raw, exc.start)
        if legacy is not None:
            return legacy
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        return InputError(path, line, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")


def decode(raw: bytes, path: str) -> str | InputError:
    """The text of `raw` (see decode_text), without saying which encoding it was in."""
    decoded = decode_text(raw, path)
    return decoded if isinstance(decoded, InputError) else decoded.text


def _open_error(name: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(name, 1, 1, "no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError(name, 1, 1, "is a directory")
    if isinstance(exc, PermissionError):
        return InputError(name, 1, 1, "permission denied")
    return InputError(name, 1, 1, f"cannot read: {exc.strerror or exc}")


def _read_bytes(path: Path | str, max_bytes: int) -> bytes | InputError:
    """A named file, device or FIFO, read up to `max_bytes` (stdin when `path` is '-')."""
    name = "<stdin>" if path == "-" else str(path)
    try:
        return read_stream(sys.stdin.buffer, max_bytes) if path == "-" else read_limited(path, max_bytes)
    except OverLimit as exc:
        return InputError(name, 1, 1, f"{exc} (raise it with --max-bytes)")
    except OSError as exc:
        return _open_error(name, exc)


# Lines of a JSONL batch travel to a worker in chunks of about this many bytes: whole lines
# read by the C reader, decoded and parsed by the worker that lints them.
JSONL_CHUNK_BYTES = 48 * 1024


@dataclass(frozen=True)
class JsonlChunk:
    """Consecutive raw lines of a JSONL batch, `first_line` being the number of the first.
    The main process only reads them; `replies()` decodes and parses them, in the worker
    that lints them. `lang` is --lang (it beats a record's own "lang"); `default_lang` is
    the configured one (a record's own beats it)."""

    path: str
    first_line: int
    lines: tuple[bytes, ...]
    lang: str | None = None
    complaint: str | None = None
    default_lang: str | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def replies(self) -> Iterator[Reply | InputError]:
        for number, raw in enumerate(self.lines, start=self.first_line):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(self.path, number, exc.start + 1, "not valid UTF-8; save the file as UTF-8")
                continue
            if line.strip():
                yield self._record(number, line)

    def _record(self, number: int, line: str) -> Reply | InputError:
        # Without its line break, so that a record cut short is reported at its end
        # ("line 2" of the string, column 1, would point at nothing).
        line = line.rstrip("\r\n")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            return InputError(self.path, number, exc.colno, f"invalid JSON: {exc.msg}")
        # `reply` first (the JSONL convention), then the text fields every other format reads.
        field = next((f for f in ("reply", *TEXT_FIELDS) if isinstance(record, dict) and isinstance(record.get(f), str)),
                     None)
        if field is None:
            return InputError(self.path, number, 1, "a JSONL record must be an object with a string 'reply' "
                                                    f"(or one of {', '.join(TEXT_FIELDS)})")
        record_lang = record.get("lang") if isinstance(record.get("lang"), str) else None
        record_complaint = record.get("complaint") if isinstance(record.get("complaint"), str) else None
        record_id = record.get("id")
        origin = JsonFieldOrigin(line, number, field, record[field])
        text, suppressions = extract(record[field], origin.position)
        if SUPPRESS_FIELD in record:
            suppressions = (Suppression(parse_ids(record[SUPPRESS_FIELD]), number, 1), *suppressions)
        reply = Reply(
            path=self.path,
            text=text,
            record_id=None if record_id is None else str(record_id),
            lang=self.lang or record_lang or self.default_lang,
            complaint=record_complaint or self.complaint,
            line_offset=number - 1,
            origin=origin,
            suppressions=suppressions,
        )
        # A lone surrogate can only come from a \u escape: most lines need no search.
        return without_surrogates(reply) if "\\u" in line else reply


def _jsonl_chunks(path: Path, max_bytes: int, lang: str | None, complaint: str | None
                  ) -> Iterator[JsonlChunk | InputError]:
    """A JSONL file read as a stream of chunks: a batch of any size lints in flat memory.
    `max_bytes` bounds each line (a record) instead of the file: a longer line is an error
    at its number, read and dropped without ever being held whole."""
    name = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield _open_error(name, exc)
        return
    with handle:
        number = first = 1
        lines: list[bytes] = []
        size = 0
        while True:
            line = read_line(handle, max_bytes)
            if isinstance(line, LongLine) or not line or size >= JSONL_CHUNK_BYTES:
                if lines:
                    yield JsonlChunk(name, first, tuple(lines), lang, complaint)
                lines, size, first = [], 0, number
            if isinstance(line, LongLine):
                yield InputError(name, number, 1, f"line is over the limit of {max_bytes} bytes (raise it with --max-bytes)")
                number = first = number + 1
                continue
            if not line:
                return
            lines.append(line)
            size += len(line)
            number += 1


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(item: Reply | InputError) -> Reply | InputError:
    """A JSON "\\ud800" escape decodes to a lone surrogate, which no output can encode: it
    becomes U+FFFD (one character for one, so every position stays right) and is noticed."""
    if not isinstance(item, Reply):
        return item
    fields = {"text": item.text, "record_id": item.record_id, "complaint": item.complaint}
    dirty = {k: v for k, v in fields.items() if v is not None and _SURROGATE.search(v)}
    if not dirty:
        return item
    clean = {k: _SURROGATE.sub("\ufffd", v) for k, v in dirty.items()}
    return replace(item, **clean, notices=item.notices + ("unpaired surrogate escapes replaced by U+FFFD",))


def read_replies(
    paths: tuple[str, ...],
    *,
    lang: str | None = None,
    complaint: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    csv_column: str | None = None,
    file_filter=None,
    defer_records: bool = False,
) -> Iterator[Reply | JsonlChunk | InputError]:
    """Replies from files, directories (recursively), globs, JSONL batches, template
    collections and '-' for stdin; `file_filter` (discover.FileFilter) says what a walk keeps.
    With `defer_records`, JSONL lines come in JsonlChunks, for the caller to parse."""
    from .discover import discover

    options = ReadOptions(lang=lang, complaint=complaint, csv_column=csv_column)
    for item in discover(paths, file_filter):
        if isinstance(item, InputError):
            yield item
            continue
        if item != "-" and str(item).endswith(".jsonl") and not item.is_dir():
            for chunk in _jsonl_chunks(item, max_bytes, lang, complaint):
                if defer_records or isinstance(chunk, InputError):
                    yield chunk
                else:
                    yield from chunk.replies()
            continue
        name = "<stdin>" if item == "-" else str(item)
        raw = _read_bytes(item, max_bytes)
        if isinstance(raw, InputError):
            yield raw
            continue
        decoded = decode_text(raw, name)
        if isinstance(decoded, InputError):
            yield decoded
            continue
        for reply in read_text(name, decoded.text, options):
            if decoded.notices and isinstance(reply, Reply):
                reply = replace(reply, notices=decoded.notices + reply.notices)
            yield without_surrogates(reply)
