"""The benchmark script still runs (a quick smoke; the figures themselves are not asserted)."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_bench_quick_runs_and_prints_every_figure():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--quick", "--runs", "1"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    for figure in ("cold start / floor", "--jobs 1", "--jobs 2", "ceiling: two independent", "text size 1×",
                   "rule pack 10×"):
        assert figure in proc.stdout
