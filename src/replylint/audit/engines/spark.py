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
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from pyspark import SparkConf, SparkContext

from ..config import AuditConfig
from ..records import DEFAULT_SPLIT_BYTES, plan_splits
from ..summary import Summary, merge
from ..worker import summarise_splits

MERGE_DEPTH = 3
# Spark's own log4j profile prints its start-up chatter (the profile it uses, "Setting default
# log level", a native-hadoop WARN) on stderr before setLogLevel can act: the JVM this run
# starts is given this profile instead. It prints only what is fatal, in one line: a failure
# that stops the audit reaches the command as an exception, which says it in one line.
LOG4J2_PROPERTIES = """\
rootLogger.level = fatal
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = %p %c{1}: %m%n
appender.stderr.layout.alwaysWriteExceptions = false
# The logger pyspark's JVM starts logging with, at the root's level: Spark then does not
# announce a default level of its own.
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = fatal
"""
# What the JVM itself (not log4j) prints on every start of Spark 4 (the launcher always adds
# an incubator module).
JVM_NOTICES = (b"WARNING: Using incubator modules",)


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
    context = _quiet_context(conf)
    context.setLogLevel("FATAL")
    return context, True


def _quiet_context(conf: SparkConf) -> SparkContext:
    """A new context whose JVM logs errors only; its stderr is passed on without the JVM's
    start-up notices. (A JVM this process already started is reused as it is.)"""
    if SparkContext._gateway is not None:
        return SparkContext(conf=conf)
    from pyspark.java_gateway import launch_gateway

    profile_dir = tempfile.mkdtemp(prefix="replylint-spark-")
    try:
        profile = Path(profile_dir) / "log4j2.properties"
        profile.write_text(LOG4J2_PROPERTIES, encoding="utf-8")
        conf.set("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={profile.as_uri()}")
        # launch_gateway's documented hook for capturing the JVM's output.
        gateway = launch_gateway(conf, popen_kwargs={"stderr": subprocess.PIPE})
        threading.Thread(target=_pass_on, args=(gateway.proc.stderr,), daemon=True).start()
        return SparkContext(conf=conf, gateway=gateway)
    finally:
        shutil.rmtree(profile_dir, ignore_errors=True)  # read by then: the context has logged


def _pass_on(jvm_stderr) -> None:
    """The JVM's stderr lines to ours, for as long as it runs, minus JVM_NOTICES."""
    for line in jvm_stderr:
        if not line.startswith(JVM_NOTICES):
            sys.stderr.write(line.decode("utf-8", errors="replace"))


def run(paths: list[str], config: AuditConfig, *, jobs: int = 1, master: str | None = None,
        split_bytes: int = DEFAULT_SPLIT_BYTES) -> Summary:
    from py4j.protocol import Py4JJavaError

    splits = plan_splits(paths, config.columns, split_bytes)
    try:
        context, created = _context(master, jobs)
        try:
            rdd = context.parallelize(splits, numSlices=len(splits))
            return rdd.mapPartitions(lambda part: _summarise_partition(part, config)).treeReduce(merge, depth=MERGE_DEPTH)
        finally:
            if created:
                context.stop()
    except Py4JJavaError as exc:
        # Its first line only names the Java call; the Java exception says what went wrong.
        raise RuntimeError(str(exc.java_exception.toString())) from None
