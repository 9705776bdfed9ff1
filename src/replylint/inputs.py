"""Paths -> replies to lint, and one-line errors for inputs that cannot be read.

A bad file becomes an InputError record and the run goes on with the others; nothing is
ever written back. Not for linting: see engine.py.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Reply

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".text", ".jsonl")


@dataclass(frozen=True)
class InputError:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def decode(raw: bytes, path: str) -> str | InputError:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is an error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return InputError(path, 1, 1, "invalid UTF-16 text")
    if b"\x00" in raw[:8192]:
        return InputError(path, 1, 1, "binary file (contains NUL bytes), not a text reply")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return InputError(path, line, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")


def _open_error(name: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(name, 1, 1, "no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError(name, 1, 1, "is a directory")
    if isinstance(exc, PermissionError):
        return InputError(name, 1, 1, "permission denied")
    return InputError(name, 1, 1, f"cannot read: {exc.strerror or exc}")


def _read_bytes(path: Path, max_bytes: int) -> bytes | InputError:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputError(name, 1, 1, f"file is {size} bytes, over the limit of {max_bytes} (raise it with --max-bytes)")
        return path.read_bytes()
    except OSError as exc:
        return _open_error(name, exc)


def _jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, str | InputError]]:
    """Lines of a JSONL file, read as a stream: a batch of any size lints in flat memory;
    `max_bytes` bounds each line instead of the file."""
    name = str(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield 1, _open_error(name, exc)
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if len(raw) > max_bytes:
                yield number, InputError(name, number, 1, f"line is over the limit of {max_bytes} bytes (raise it with --max-bytes)")
                continue
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, InputError(name, number, exc.start + 1, "not valid UTF-8; save the file as UTF-8")


def _records(lines, path: str, lang: str | None, complaint: str | None) -> Iterator[Reply | InputError]:
    for number, line in lines:
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path, number, exc.colno, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("reply"), str):
            yield InputError(path, number, 1, "a JSONL record must be an object with a string 'reply'")
            continue
        record_lang = record.get("lang") if isinstance(record.get("lang"), str) else None
        record_complaint = record.get("complaint") if isinstance(record.get("complaint"), str) else None
        record_id = record.get("id")
        yield Reply(
            path=path,
            text=record["reply"],
            record_id=None if record_id is None else str(record_id),
            lang=lang or record_lang,
            complaint=record_complaint or complaint,
            line_offset=number - 1,
        )


def _expand(paths: tuple[str, ...]) -> Iterator[Path | str | InputError]:
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            seen_dirs: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                stat = os.stat(root)
                if (stat.st_dev, stat.st_ino) in seen_dirs:
                    dirs[:] = []  # a symlink loop: this directory was already walked
                    continue
                seen_dirs.add((stat.st_dev, stat.st_ino))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(TEXT_SUFFIXES) and not name.startswith("."):
                        yield Path(root) / name
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield InputError(raw, 1, 1, "no such file or directory")


def read_replies(
    paths: tuple[str, ...],
    *,
    lang: str | None = None,
    complaint: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Reply | InputError]:
    """Replies from files, directories (recursively), JSONL batches and '-' for stdin."""
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if item != "-" and str(item).endswith(".jsonl") and not item.is_dir():
            yield from _records(_jsonl_lines(item, max_bytes), str(item), lang, complaint)
            continue
        if item == "-":
            name = "<stdin>"
            raw = sys.stdin.buffer.read(max_bytes + 1)
            if len(raw) > max_bytes:
                yield InputError(name, 1, 1, f"input is over the limit of {max_bytes} bytes (raise it with --max-bytes)")
                continue
        else:
            name = str(item)
            raw = _read_bytes(item, max_bytes)
            if isinstance(raw, InputError):
                yield raw
                continue
        text = decode(raw, name)
        if isinstance(text, InputError):
            yield text
            continue
        yield Reply(path=name, text=text, lang=lang, complaint=complaint)
