"""Ctrl-C while a report is written: honoured between whole results, so a JSON or SARIF
document is closed, never cut off inside a record. Not for the exit code: see cli.py.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Interrupt:
    """Whether Ctrl-C was pressed; the writer stops at its next result when it was."""

    requested = False

    def interruptible(self, items: Iterable[T]) -> Iterator[T]:
        """`items` until Ctrl-C: the first press ends them before the next item, the second
        (raised where the run waits on an input: a FIFO, a silent stdin) ends them there."""
        iterator = iter(items)
        while not self.requested:
            try:
                item = next(iterator)
            except StopIteration:
                return
            except KeyboardInterrupt:
                self.requested = True
                return
            yield item


@contextmanager
def deferred_interrupt() -> Iterator[Interrupt]:
    """The first SIGINT only sets `requested`; a second one raises KeyboardInterrupt at once,
    for a run that waits on an input that never comes. Forked workers inherit the handler,
    so the first Ctrl-C lets them finish the batches they hold instead of dying mid-way."""
    state = Interrupt()
    if threading.current_thread() is not threading.main_thread():
        yield state  # signals can only be handled in the main thread
        return

    def handle(_signum, _frame) -> None:
        if state.requested:
            raise KeyboardInterrupt
        state.requested = True

    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield state
    finally:
        signal.signal(signal.SIGINT, previous)
