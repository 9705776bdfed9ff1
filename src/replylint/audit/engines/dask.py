"""The Dask engine: splits of the exports as a dask.bag, one partial Summary per partition,
merged in a tree on the cluster.

With --scheduler it joins that cluster; without it, it starts a LocalCluster of worker
processes on 127.0.0.1, with no dashboard. Each worker process builds its Linter once (see
worker.py) and keeps it for every partition it runs. The exports must be readable at the same
path on every worker.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from functools import partial

import dask.bag as db
from distributed import Client, LocalCluster

from ..config import AuditConfig
from ..records import DEFAULT_SPLIT_BYTES, plan_splits
from ..summary import Summary, merge_all
from ..worker import summarise_splits

# Partials are merged eight at a time, so the driver never receives more than a few.
MERGE_FAN_IN = 8


@contextmanager
def _client(scheduler: str | None, jobs: int):
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, worker_dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def run(paths: list[str], config: AuditConfig, *, jobs: int = 1, scheduler: str | None = None,
        split_bytes: int = DEFAULT_SPLIT_BYTES) -> Summary:
    splits = plan_splits(paths, config.columns, split_bytes)
    bag = db.from_sequence(splits, npartitions=len(splits))
    merged = bag.reduction(partial(summarise_splits, config=config), partial(merge_all, config=config),
                           split_every=MERGE_FAN_IN)
    with _client(scheduler, jobs) as client:
        return client.compute(merged).result()
