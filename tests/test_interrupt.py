"""Ctrl-C during `check`: exit 130, and the JSON document closed after a whole result, never
cut off. The batch comes through a FIFO the test holds open, so the run cannot end first."""
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and POSIX signals")

RECORD = json.dumps({"reply": "Здравствуйте! Мы аннулировали ваш долг."}, ensure_ascii=False).encode() + b"\n"


def _start(fifo: Path) -> subprocess.Popen:
    exe = shutil.which("replylint") or str(Path(sys.executable).with_name("replylint"))
    return subprocess.Popen([exe, "check", str(fifo), "--format", "json", "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _collect(stream, sink: list) -> threading.Thread:
    def read():
        for chunk in iter(lambda: stream.read1(65536), b""):
            sink.append(chunk)
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def _wait_for(condition, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _closed_document(proc: subprocess.Popen, out: list, reader: threading.Thread) -> dict:
    assert proc.wait(timeout=60) == 130
    reader.join(10)
    stderr = proc.stderr.read().decode()
    assert "interrupted" in stderr and "Traceback" not in stderr
    return json.loads(b"".join(out))  # a whole document, or this raises


def _run_on_a_fifo(tmp_path):
    """A check reading a named pipe the test feeds: (the pipe, the process, its output, its reader)."""
    fifo = tmp_path / "batch.jsonl"
    os.mkfifo(fifo)
    proc = _start(fifo)
    out: list = []
    return fifo, proc, out, _collect(proc.stdout, out)


def test_ctrl_c_closes_the_document_after_a_whole_result(tmp_path):
    fifo, proc, out, reader = _run_on_a_fifo(tmp_path)
    with open(fifo, "wb", buffering=0) as feed:
        feed.write(RECORD * 2000)  # enough to fill the output buffer: results are seen
        _wait_for(lambda: sum(map(len, out)) > 0)
        proc.send_signal(signal.SIGINT)
        feed.write(RECORD * 200)  # the run, waiting on its input, goes on to the next result
        document = _closed_document(proc, out, reader)
    assert 0 < len(document["results"]) < 2200 and document["errors"] == []


def test_a_second_ctrl_c_ends_a_run_stuck_on_its_input(tmp_path):
    fifo, proc, out, reader = _run_on_a_fifo(tmp_path)
    with open(fifo, "wb", buffering=0) as feed:
        feed.write(RECORD * 3)
        time.sleep(1)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        assert proc.poll() is None  # the first only asks to stop at the next result
        proc.send_signal(signal.SIGINT)
        document = _closed_document(proc, out, reader)
    assert document["errors"] == []
