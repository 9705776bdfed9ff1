"""Reads that stop at a byte limit, whatever is read: a file, a device, a FIFO, a pipe, a line.

The size a file system reports is 0 for /dev/zero, a FIFO or a pipe, so a limit is kept by
counting the bytes as they arrive, never by trusting st_size alone. Not for decoding: see inputs.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# Replies, complaints, configuration and rule files: larger than any real one by far, small
# enough that reading up to it costs nothing noticeable.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Bytes read at a time from a stream of unknown size, and when dropping the rest of a line.
_BLOCK = 64 * 1024


class OverLimit(Exception):
    """More bytes than the limit allows; `size` when the file system knew it beforehand."""

    def __init__(self, limit: int, size: int | None = None):
        super().__init__(limit, size)
        self.limit = limit
        self.size = size

    def __str__(self) -> str:
        if self.size is not None:
            return f"file is {self.size} bytes, over the limit of {self.limit}"
        return f"input is over the limit of {self.limit} bytes"


def read_stream(handle: BinaryIO, limit: int, expected: int = 0) -> bytes:
    """All of `handle` if it holds at most `limit` bytes, else OverLimit once `limit` + 1
    bytes have arrived. `expected` (a regular file's size) lets a file come in one read."""
    first = handle.read(min(limit, expected) + 1)
    if len(first) <= min(limit, expected):
        return first
    pieces = [first]
    total = len(first)
    while total <= limit:
        piece = handle.read(min(_BLOCK, limit + 1 - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    if total > limit:
        raise OverLimit(limit)
    return b"".join(pieces)


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a file named by the user: a regular file over the limit is refused by its
    size before reading; a device, FIFO or pipe is read up to the limit. OSError or OverLimit."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > limit:
            raise OverLimit(limit, info.st_size)
        return read_stream(handle, limit, info.st_size if regular else 0)


@dataclass(frozen=True)
class LongLine:
    """A line longer than the limit: its bytes were read and dropped, `size` of them."""

    size: int


def read_line(handle: BinaryIO, limit: int) -> bytes | LongLine:
    """The next line with its line break (b"" at the end), or LongLine when the line with its
    break is over `limit` bytes: at most `limit` + 1 bytes of it are ever held."""
    line = handle.readline(limit + 1)
    if len(line) <= limit:
        return line
    size = len(line)
    while not line.endswith(b"\n"):
        line = handle.readline(_BLOCK)
        if not line:
            break
        size += len(line)
    return LongLine(size)
