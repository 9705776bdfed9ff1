"""The Spark engine: splits of the exports as an RDD, mapPartitions to partial Summaries,
merged with treeReduce.

Under spark-submit (or wherever a context is running) that context is used as it is;
otherwise the master comes from --master, else $SPARK_MASTER, else local[N]. A local master
binds to 127.0.0.1 with the UI off. Python workers are reused between tasks (Spark's
default), so each builds its Linter once. The exports must be readable at the same path on
every executor.
"""
from __future__ import annotations

import os
import sys

from pyspark import SparkConf, SparkContext

from ..config import AuditConfig
from ..records import DEFAULT_SPLIT_BYTES, plan_splits
from ..summary import Summary, merge
from ..worker import summarise_splits

MERGE_DEPTH = 3


def _summarise_partition(splits, config: AuditConfig):
    yield summarise_splits(splits, config)


def _context(master: str | None, jobs: int) -> tuple[SparkContext, bool]:
    """The running context (spark-submit) or a new one; True when this run created it."""
    running = SparkContext._active_spark_context
    if running is not None:  # spark-submit or a notebook: its master and settings win
        return running, False
    # Executors must run the same Python, with replylint installed, as this driver.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    master = master or os.environ.get("SPARK_MASTER") or f"local[{jobs}]"
    conf = SparkConf().setAppName("replylint-audit").setMaster(master)
    conf.set("spark.ui.showConsoleProgress", "false")
    conf.set("spark.python.worker.reuse", "true")
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # never the machine's public interface
        conf.set("spark.ui.enabled", "false")
        conf.set("spark.driver.host", "127.0.0.1")
        conf.set("spark.driver.bindAddress", "127.0.0.1")
    context = SparkContext.getOrCreate(conf)
    context.setLogLevel("ERROR")
    return context, True


def run(paths: list[str], config: AuditConfig, *, jobs: int = 1, master: str | None = None,
        split_bytes: int = DEFAULT_SPLIT_BYTES) -> Summary:
    splits = plan_splits(paths, config.columns, split_bytes)
    context, created = _context(master, jobs)
    try:
        rdd = context.parallelize(splits, numSlices=len(splits))
        return rdd.mapPartitions(lambda part: _summarise_partition(part, config)).treeReduce(merge, depth=MERGE_DEPTH)
    finally:
        if created:
            context.stop()
