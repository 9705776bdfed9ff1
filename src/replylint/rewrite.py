"""Fixed text back to files: a unified diff to show, and a careful write that keeps a backup,
keeps the file's encoding and symlinks, and refuses when the file changed since it was read.
Not for finding fixes (see fix.py).

Every file is written as a hidden temporary file beside its target, then renamed over it, so
a kill at any moment leaves the old file or the new one, never half of one; temporary files
that a killed run left behind are removed on the next write to that file.
"""
from __future__ import annotations

import difflib
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .bounded import DEFAULT_MAX_BYTES, OverLimit, read_stream
from .inputs import InputError, decode_text

BACKUP_SUFFIX = ".orig"
STDIN_NAME = "<stdin>"
_TEMP_MARK = ".replylint-"  # .NAME.replylint-PID-RANDOM.tmp
_TEMP_SUFFIX = ".tmp"
_NAME_IN_TEMP = 100  # characters of the file name kept in a temporary file's name
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_DIFF_CONTEXT = 3


@dataclass(frozen=True)
class SourceFile:
    """A reply file as read: its bytes and identity (to notice later changes), its text, and
    how to write text back the way it was stored (`bom` + text in `codec`). `path` is the
    name given, `target` the file it names (through a symlink); both None for stdin."""

    name: str
    path: Path | None
    target: Path | None
    raw: bytes
    text: str
    codec: str
    bom: bytes
    identity: tuple[int, ...] = ()


class WriteError(Exception):
    """The fixed text was not written; the file is as it was. The message is one line."""


class StaleFileError(WriteError):
    """The file changed on disk after it was read: writing would lose that change."""


def _identity(st: os.stat_result) -> tuple[int, ...]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _codec(raw: bytes, encoding: str) -> tuple[str, bytes]:
    """The codec and byte order mark to write the file's text back with."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec, bom
    return encoding, b""


def _source(name: str, path: Path | None, target: Path | None, raw: bytes,
            identity: tuple[int, ...] = ()) -> SourceFile | InputError:
    decoded = decode_text(raw, name)
    if isinstance(decoded, InputError):
        return decoded
    codec, bom = _codec(raw, decoded.encoding)
    return SourceFile(name, path, target, raw, decoded.text, codec, bom, identity)


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile | InputError:
    """The file at `path` (a symlink is read, and later written, through), at most
    `max_bytes` of it: a larger file or a device is refused, never read whole."""
    name = str(path)
    try:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        with open(target, "rb") as handle:
            st = os.fstat(handle.fileno())
            if stat.S_ISDIR(st.st_mode):
                return InputError(name, 1, 1, "is a directory")
            regular = stat.S_ISREG(st.st_mode)
            if regular and st.st_size > max_bytes:
                raise OverLimit(max_bytes, st.st_size)
            raw = read_stream(handle, max_bytes, st.st_size if regular else 0)
    except OverLimit as exc:
        return InputError(name, 1, 1, f"{exc} (raise it with --max-bytes)")
    except FileNotFoundError:
        return InputError(name, 1, 1, "no such file or directory")
    except PermissionError:
        return InputError(name, 1, 1, "permission denied")
    except OSError as exc:
        return InputError(name, 1, 1, f"cannot read: {exc.strerror or exc}")
    return _source(name, path, target, raw, _identity(st))


def read_stdin(max_bytes: int) -> SourceFile | InputError:
    try:
        raw = read_stream(sys.stdin.buffer, max_bytes)
    except OverLimit as exc:
        return InputError(STDIN_NAME, 1, 1, f"{exc} (raise it with --max-bytes)")
    return _source(STDIN_NAME, None, None, raw)


def _labels(source: SourceFile) -> tuple[str, str]:
    """Diff header names: git's a/ b/ for a path relative to the working directory (an
    absolute one inside it is made relative), the path itself on both sides otherwise."""
    if source.path is None:
        return source.name, source.name
    path = source.path
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return str(path), str(path)
    return f"a/{path.as_posix()}", f"b/{path.as_posix()}"


def _range(start: int, length: int) -> str:
    """A hunk range as diff writes it (1-based; an empty range names the line before it)."""
    if length == 1:
        return str(start + 1)
    return f"{start + (length > 0)},{length}"


def _hunks(old: list[str], new: list[str]):
    """Unified-diff lines for two texts of as many lines, from the lines that differ. The
    lines are known to correspond one to one, so no matching is needed (difflib's heuristics
    show repeated lines of a long reply as removed and added again)."""
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    groups: list[list[int]] = []
    for i in changed:
        if groups and i - groups[-1][-1] <= 2 * _DIFF_CONTEXT:
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        first, last = max(0, group[0] - _DIFF_CONTEXT), min(len(old), group[-1] + _DIFF_CONTEXT + 1)
        span = _range(first, last - first)
        yield f"@@ -{span} +{span} @@\n"
        i = first
        while i < last:
            if old[i] == new[i]:
                yield " " + old[i]
                i += 1
                continue
            run = i
            while run < last and old[run] != new[run]:
                run += 1
            yield from ("-" + line for line in old[i:run])
            yield from ("+" + line for line in new[i:run])
            i = run


def unified_diff(source: SourceFile, fixed: str) -> str:
    old, new = _LINE.findall(source.text), _LINE.findall(fixed)
    fromfile, tofile = _labels(source)
    if len(old) == len(new):
        lines = [f"--- {fromfile}\n", f"+++ {tofile}\n", *_hunks(old, new)] if old != new else []
    else:  # a fix that added or removed a line break
        lines = list(difflib.unified_diff(old, new, fromfile=fromfile, tofile=tofile))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _encoded(source: SourceFile, fixed: str) -> bytes:
    """`fixed` in the file's own encoding (a cp1251 file stays cp1251); refused if that
    encoding cannot hold it, or cannot give back the file's own bytes either."""
    try:
        if source.bom + source.text.encode(source.codec) != source.raw:
            raise WriteError(f"{source.name}: its {source.codec} text would not be written back byte for byte;"
                             " not written")
        return source.bom + fixed.encode(source.codec)
    except UnicodeEncodeError:
        raise WriteError(f"{source.name}: the fixed text has characters {source.codec} cannot hold;"
                         " not written (save the file as UTF-8)") from None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _temp_prefix(name: str) -> str:
    return f".{name[:_NAME_IN_TEMP]}{_TEMP_MARK}"


def _remove_stale_temps(directory: Path, name: str) -> None:
    """Temporary files of ours for `name` whose process is gone (killed mid-write)."""
    prefix = _temp_prefix(name)
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _write_temp(beside: Path, data: bytes, mode: int) -> Path:
    """`data` in a new hidden file in `beside`'s directory, flushed to disk."""
    _remove_stale_temps(beside.parent, beside.name)
    handle, temp = tempfile.mkstemp(prefix=f"{_temp_prefix(beside.name)}{os.getpid()}-", suffix=_TEMP_SUFFIX,
                                    dir=beside.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def _backup_path(source: SourceFile) -> Path:
    """FILE.orig beside the name given; refused if it is anything but a regular file (a
    symlink there is never followed)."""
    backup = source.path.with_name(source.path.name + BACKUP_SUFFIX)
    try:
        st = os.lstat(backup)
    except FileNotFoundError:
        return backup
    if not stat.S_ISREG(st.st_mode):
        kind = "a symlink" if stat.S_ISLNK(st.st_mode) else "not a regular file"
        raise WriteError(f"{source.name}: {backup} is {kind}, not followed; not written"
                         " (remove it or use --no-backup)")
    return backup


def _unchanged(source: SourceFile) -> None:
    """Raise StaleFileError unless the target has the identity and bytes it was read with."""
    try:
        with open(source.target, "rb") as handle:
            st = os.fstat(handle.fileno())
            current = handle.read(len(source.raw) + 1)
    except OSError as exc:
        raise StaleFileError(f"{source.name}: cannot re-read before writing: {exc.strerror or exc}") from None
    if _identity(st) != source.identity or current != source.raw:
        raise StaleFileError(f"{source.name}: changed since it was read; not written (run fix again)")


def write_fixed(source: SourceFile, fixed: str, *, backup: bool = True) -> Path | None:
    """Replace the file with `fixed`, through a symlink, in its own encoding and mode; keep
    the original as FILE.orig (written the same way). Returns the backup's path, if kept.
    The file is compared with what was read just before the renames, after the slow part."""
    data = _encoded(source, fixed)
    backup_path = _backup_path(source) if backup else None
    new_temp = backup_temp = None
    try:
        st = os.stat(source.target)
        if not stat.S_ISREG(st.st_mode):
            raise WriteError(f"{source.name}: not a regular file; not written")
        new_temp = _write_temp(source.target, data, stat.S_IMODE(st.st_mode))
        if backup_path is not None:
            backup_temp = _write_temp(backup_path, source.raw, stat.S_IMODE(st.st_mode))
        _unchanged(source)
        if backup_temp is not None:
            os.replace(backup_temp, backup_path)
            backup_temp = None
        os.replace(new_temp, source.target)
        new_temp = None
    except OSError as exc:
        raise WriteError(f"{source.name}: cannot write: {exc.strerror or exc}") from None
    finally:
        for temp in (new_temp, backup_temp):
            if temp is not None:
                temp.unlink(missing_ok=True)
    return backup_path
