"""Fixed text back to files: a unified diff to show, and a careful write that keeps a backup
and refuses when the file changed since it was read. Not for finding fixes (see fix.py).
"""
from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .inputs import InputError, decode

BACKUP_SUFFIX = ".orig"


@dataclass(frozen=True)
class SourceFile:
    """A reply file as read: its bytes (to notice later changes), text and encoding."""

    path: Path
    raw: bytes
    text: str
    encoding: str


class StaleFileError(Exception):
    """The file changed on disk between reading and writing: writing would lose that change."""


def read_source(path: Path) -> SourceFile | InputError:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), 1, 1, f"cannot read: {exc.strerror or exc}")
    text = decode(raw, str(path))
    if isinstance(text, InputError):
        return text
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    return SourceFile(path, raw, text, encoding)


def unified_diff(source: SourceFile, fixed: str) -> str:
    name = str(source.path)
    lines = difflib.unified_diff(source.text.splitlines(keepends=True), fixed.splitlines(keepends=True),
                                 fromfile=f"a/{name}", tofile=f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_fixed(source: SourceFile, fixed: str, *, backup: bool = True) -> Path | None:
    """Replace the file atomically with `fixed`; returns the backup's path (if kept)."""
    try:
        current = source.path.read_bytes()
    except OSError as exc:
        raise StaleFileError(f"{source.path}: cannot re-read before writing: {exc.strerror or exc}") from None
    if current != source.raw:
        raise StaleFileError(f"{source.path}: changed since it was read; not written (run fix again)")
    backup_path = None
    if backup:
        backup_path = source.path.with_name(source.path.name + BACKUP_SUFFIX)
        backup_path.write_bytes(source.raw)
    handle, temp = tempfile.mkstemp(prefix=f".{source.path.name}.", dir=source.path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(fixed.encode(source.encoding))
        os.chmod(temp, source.path.stat().st_mode & 0o7777)
        os.replace(temp, source.path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return backup_path
