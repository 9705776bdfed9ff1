"""Replies -> results in input order, in this process or across worker processes.

A short run stays in-process (no pool start-up cost for one draft). In a long one the first
replies are linted here, then the rest goes in batches (a JSONL batch as chunks of raw lines)
to `jobs` forked workers, which inherit the compiled pack and the warm caches. Not for reading
or rendering: see inputs.py and report/.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .engine import Linter
from .inputs import InputError, JsonlChunk
from .model import FindingBrief, Reply, Result

# Below this many replies a pool costs more than it saves.
PARALLEL_THRESHOLD = 200
# Replies per task sent to a worker (a JSONL chunk is one task whatever its size).
BATCH_SIZE = 64

Item = Reply | JsonlChunk | InputError
Outcome = tuple[Result | InputError, object]
# A report's part of one reply (see report.Writer.piece): made where the reply was linted.
Piece = Callable[[Result, str], object]

_worker_linter: Linter | None = None
_piece: Piece | None = None
_brief = False  # in workers: send findings back as FindingBriefs (see run)
_BRIEFS: dict[tuple[str, str], FindingBrief] = {}
T = TypeVar("T")
R = TypeVar("R")


class WorkerLost(Exception):
    """A worker process died mid-run (killed, out of memory): the run cannot be completed."""


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _lint_batch(batch: list[Item]) -> list[Outcome]:
    assert _worker_linter is not None
    done = []
    for item in batch:
        if isinstance(item, JsonlChunk):
            # Decoded and parsed here, in the worker: the main process only read the lines.
            done += [(reply, None) if isinstance(reply, InputError) else _lint_one(reply) for reply in item.replies()]
        else:
            done.append((item, None) if isinstance(item, InputError) else _lint_one(item))
    return done


def _lint_one(reply: Reply) -> Outcome:
    """A bug met on one reply costs that reply (an error naming it), never the whole run.
    A PackError is not a bug of the reply: it ends the run with its own one-line message."""
    from .pack.schema import PackError

    try:
        result = _worker_linter.lint(reply)
        piece = None if _piece is None else _piece(result, reply.text)
        return (_briefed(result) if _brief else result), piece
    except PackError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported as this reply's error, run goes on
        where = reply.path if reply.record_id is None else f"{reply.path} [{reply.record_id}]"
        return InputError(where, reply.line_offset + 1, 1,
                          f"internal error while linting ({type(exc).__name__}: {exc}); please report it"), None


def _briefed(result: Result) -> Result:
    # One brief object per (rule, severity): pickling a batch's results then writes each once.
    briefs = []
    for finding in result.findings:
        key = (finding.rule, finding.severity)
        brief = _BRIEFS.get(key)
        if brief is None:
            brief = _BRIEFS[key] = FindingBrief(*key)
        briefs.append(brief)
    return result._replace(findings=tuple(briefs))


def _weight(item: Item) -> int:
    return len(item) if isinstance(item, JsonlChunk) else 1


def _batches(items: Iterator[Item]) -> Iterator[list[Item]]:
    """Tasks of about BATCH_SIZE replies: single items grouped, a JSONL chunk on its own."""
    batch: list[Item] = []
    for item in items:
        if isinstance(item, JsonlChunk):
            if batch:
                yield batch
                batch = []
            yield [item]
            continue
        batch.append(item)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def run(items: Iterable[Item], linter: Linter, jobs: int, piece: Piece | None = None,
        brief: bool = False) -> Iterator[Outcome]:
    """(result or input error, piece) for every reply, in input order. `piece(result, text)`
    is the report's part of the reply, made in the worker that linted it: the rendering of a
    long run then goes in parallel, and the text goes back only to a report that shows it.
    Without `piece` (or for an input error) the piece is None. With `brief` (the piece is the
    whole of the report's part), results from workers carry FindingBriefs, not Findings:
    moving full findings between processes cost the main process a third of its time."""
    global _worker_linter, _piece, _brief
    items = iter(items)
    head: list[Item] = []
    weight = 0
    for item in items:
        head.append(item)
        weight += _weight(item)
        if weight >= PARALLEL_THRESHOLD:
            break
    _worker_linter = linter
    _piece = piece
    _brief = False
    if jobs > 1 and weight >= PARALLEL_THRESHOLD:
        import multiprocessing  # only runs that go parallel pay for importing it

        parallel = "fork" in multiprocessing.get_all_start_methods()
    else:
        parallel = False
    if not parallel:
        for batch in _batches(_chain(head, items)):
            yield from _lint_batch(batch)
        return
    # The first replies are linted here: that loads the languages' indexes and dictionaries
    # and fills the word caches once, before the fork, instead of once in every worker.
    for batch in _batches(iter(head)):
        yield from _lint_batch(batch)
    # Fork: workers inherit the compiled pack, the dictionaries and the caches for free.
    _brief = brief
    for done in in_workers(_lint_batch, _batches(items), jobs):
        yield from done


def in_workers(work: Callable[[T], R], tasks: Iterable[T], jobs: int) -> Iterator[R]:
    """work(task) for every task, in `jobs` worker processes (forked where the platform can,
    so they inherit this process's state), results in task order. Shared by check and audit.
    WorkerLost, never a hang, when a worker dies mid-run.

    concurrent.futures rather than multiprocessing.Pool: Pool hangs for ever when a worker is
    killed, and its worker-handler thread also waits on the result pipe and spins while a
    result sits there unread (about 5,000 wake-ups, 0.3 s of the main process's CPU on a
    million words)."""
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    in_flight: deque = deque()  # a bounded window keeps memory flat on any number of tasks
    # The CLI lets SIGPIPE end the process quietly (`| head`); a dead worker's pipe must not,
    # so it is ignored while workers run (click still ends a broken stdout quietly).
    restore_sigpipe = _ignore_sigpipe()
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
            for task in tasks:
                in_flight.append(pool.submit(work, task))
                if len(in_flight) >= 4 * jobs:
                    yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()
    except BrokenProcessPool:
        raise WorkerLost("a worker process died (killed or out of memory?); "
                         "try again, or with --jobs 1") from None
    finally:
        restore_sigpipe()


def _ignore_sigpipe():
    """Ignore SIGPIPE (in the main thread, where signals can be set); returns the undo."""
    import signal
    import threading

    if not hasattr(signal, "SIGPIPE") or threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    return lambda: signal.signal(signal.SIGPIPE, previous)


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest
