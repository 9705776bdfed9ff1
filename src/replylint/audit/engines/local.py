"""The local engine: this machine's cores, forked worker processes, no extra services.

The driver streams the exports and hands batches of records to the workers, so a single CSV
is spread over every core as well as a JSONL file; memory holds a few batches and the merged
summary, whatever the size of the input. Not for reading records: see records.py.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import islice

from ...runner import in_workers
from ..config import AuditConfig
from ..records import plan_splits, read_split
from ..summary import Summary, merge_all
from ..worker import linter_for, summarise

BATCH_RECORDS = 256


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def run(paths: list[str], config: AuditConfig, *, jobs: int = 1) -> Summary:
    splits = plan_splits(paths, config.columns, split_bytes=2**62)
    records = (item for split in splits for item in read_split(split, config.columns))
    # Built before forking, so every worker inherits the compiled pack instead of loading it.
    linter_for(config)
    batches = _batches(records, BATCH_RECORDS)
    if jobs <= 1:
        return merge_all((summarise(batch, config) for batch in batches), config)
    # check's worker handling: a worker that dies ends the run (WorkerLost), never a hang.
    return merge_all(in_workers(partial(summarise, config=config), batches, jobs), config)
