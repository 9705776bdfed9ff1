"""The same export gives the same summary on every engine: local, Dask (LocalCluster) and
Spark (local[2]). Small inputs in several partitions, so CI stays fast.

Dask and Spark come with the test extra; Spark also needs a JVM, which .ci/run installs from
Debian (openjdk-17-jre-headless): the Spark tests skip only where no `java` can be found.
"""
from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from audit_exports import records, with_text, write_csv, write_jsonl, write_parquet
from replylint.audit.config import AuditConfig
from replylint.audit.engines import local
from replylint.audit.report import summary_record
from replylint.cli import main

pytestmark = pytest.mark.slow

CONFIG = AuditConfig(dimensions=("agent", "team", "channel"), period="week", examples=3)
ROWS = records(300)
SPLIT_BYTES = 4096  # a few dozen splits of a 300-record JSONL file


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return {
        "jsonl": str(write_jsonl(folder / "replies.jsonl", ROWS, broken_lines=2)),
        "csv": str(write_csv(folder / "replies.csv", ROWS)),
        "parquet": str(write_parquet(folder / "replies.parquet", ROWS, row_group_size=64)),
    }


@pytest.fixture(scope="module")
def expected(exports):
    return {fmt: summary_record(local.run([path], CONFIG, jobs=2)) for fmt, path in exports.items()}


def test_dask_local_cluster_matches_local(exports, expected):
    pytest.importorskip("distributed")
    from replylint.audit.engines import dask as dask_engine

    for fmt in ("jsonl", "parquet"):
        summary = dask_engine.run([exports[fmt]], CONFIG, jobs=2, split_bytes=SPLIT_BYTES)
        assert summary_record(summary) == expected[fmt], fmt


def _java_found() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (home and os.path.exists(os.path.join(home, "bin", "java"))))


@pytest.fixture(scope="module")
def spark_engine():
    pytest.importorskip("pyspark")
    if not _java_found():
        pytest.skip("Spark needs a JVM and none is installed (.ci/run installs openjdk-17-jre-headless)")
    from replylint.audit.engines import spark

    return spark


def test_spark_local_matches_local(exports, expected, spark_engine):
    for fmt in ("jsonl", "csv"):
        summary = spark_engine.run([exports[fmt]], CONFIG, jobs=2, master="local[2]", split_bytes=SPLIT_BYTES)
        assert summary_record(summary) == expected[fmt], fmt


def test_cli_engines_write_identical_summaries(exports, tmp_path, spark_engine):
    pytest.importorskip("distributed")
    written = {}
    for engine in ("local", "dask", "spark"):
        out = tmp_path / engine
        result = CliRunner().invoke(main, ["audit", exports["jsonl"], "--by", "agent,team,channel", "--examples", "3",
                                           "--engine", engine, "-j", "2", "--split-mb", "1", "--out", str(out)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, engine
        written[engine] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    empty = len(ROWS) - with_text(ROWS)
    assert written["local"]["replies"] == len(ROWS) - empty and written["local"]["unreadable"] == 2 + empty
    assert written["dask"] == written["local"] == written["spark"]


def test_spark_prints_nothing_but_the_outcome(exports, spark_engine, tmp_path):
    """Spark's start-up chatter (its log4j profile, "Setting default log level", a native-hadoop
    WARN, the JVM's incubator-module notice) stays off stderr, and a failure is one line.
    A fresh process each time: the JVM is started by the run, as a user's is."""
    import subprocess
    import sys

    def audit(*more):
        return subprocess.run([sys.executable, "-m", "replylint.cli", "audit", exports["csv"], "--engine", "spark",
                               "-j", "2", *more], capture_output=True, text=True, timeout=600)

    done = audit("--out", str(tmp_path / "report"))
    assert done.returncode == 0 and len(done.stderr.splitlines()) == 1, done.stderr
    failed = audit("--master", "local[2", "--out", str(tmp_path / "failed"))
    assert failed.returncode == 2 and len(failed.stderr.splitlines()) == 1, failed.stderr
