"""Benchmark of `replylint audit` with the local engine on a generated archive of sent replies.

    python bench/audit.py                  200,000 replies (and 50,000 for the memory check)
    python bench/audit.py --replies 20000  a quicker run
    python bench/audit.py --write          also writes the table to bench/audit-results.md

The archive is the dev corpus (../shared/corpus/dev, else examples/) repeated with varied
fields: 60 agents in 6 teams, 3 channels, a created_at spread over one quarter. Figures: wall
time and words/s at 1 and 2 workers, and the peak memory of the largest process at two input
sizes (flat: the engine streams and keeps only the summary).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import base_records, replylint  # noqa: E402 - the same corpus as bench.py

ROOT = Path(__file__).resolve().parents[1]
TEAMS = ("billing", "tech", "delivery", "логистика", "підтримка", "retention")
CHANNELS = ("email", "chat", "social")
QUARTER_START = datetime(2024, 1, 1)

# One child process: wall time, CPU time (user + system, workers included) and the peak
# resident memory of its largest process. CPU time per word is what a cluster core would do:
# it does not suffer when other work shares this machine, as wall time does.
_MEASURE = (
    "import resource, subprocess, sys, time;"
    "t = time.perf_counter();"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True);"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)"
)


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MiB) of one run of `command`."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    wall, cpu, kib = out.stdout.split()
    return float(wall), float(cpu), int(kib) / 1024


def write_archive(path: Path, replies: int, seed: int = 7) -> int:
    """`replies` records with varied fields; returns the number of words in the replies."""
    corpus = base_records()
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(replies):
            record = corpus[n % len(corpus)]
            agent = rng.randrange(60)
            sent = QUARTER_START + timedelta(seconds=rng.randrange(91 * 24 * 3600))
            row = {"id": f"{record['id']}#{n}", "reply": record["reply"], "agent": f"agent-{agent:02d}",
                   "team": TEAMS[agent % len(TEAMS)], "channel": rng.choice(CHANNELS),
                   "created_at": sent.isoformat(timespec="seconds")}
            if record.get("complaint") and rng.random() < 0.7:
                row["complaint"] = record["complaint"]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            words += len(record["reply"].split())
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=None, help="the smaller archive of the memory check")
    parser.add_argument("--write", action="store_true", help="write the table to bench/audit-results.md")
    args = parser.parse_args()
    small = args.small or max(1, args.replies // 4)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="replylint-audit-bench-") as tmp:
        tmp_path = Path(tmp)
        big = tmp_path / "archive.jsonl"
        big_words = write_archive(big, args.replies)
        size_mib = big.stat().st_size / 2**20
        rows.append(("archive", f"{args.replies:,} replies, {big_words:,} words, {size_mib:,.0f} MiB JSONL"))
        # Warm-up: fills the compiled-pack cache and the OS file cache.
        subprocess.run(replylint("rules"), stdout=subprocess.DEVNULL, check=True)
        rates = {}
        for jobs in (1, 2):
            seconds, cpu, peak = measure(replylint("audit", str(big), "--by", "agent,team", "--period", "week",
                                                   "--out", str(tmp_path / f"report-{jobs}"), "-j", str(jobs)))
            rates[jobs] = big_words / seconds
            rows.append((f"{args.replies:,} replies, -j {jobs}",
                         f"{seconds:,.1f} s, {rates[jobs]:,.0f} words/s, {args.replies / seconds:,.0f} replies/s, "
                         f"{big_words / cpu:,.0f} words per CPU-second, peak {peak:.0f} MiB"))
        rows.append(("speed-up at 2 workers", f"{rates[2] / rates[1]:.2f}×"))
        small_path = tmp_path / "small.jsonl"
        small_words = write_archive(small_path, small)
        seconds, _cpu, peak = measure(replylint("audit", str(small_path), "--by", "agent,team", "--period", "week",
                                          "--out", str(tmp_path / "report-small"), "-j", "2"))
        rows.append((f"{small:,} replies, -j 2 (memory check)",
                     f"{seconds:,.1f} s, {small_words / seconds:,.0f} words/s, peak {peak:.0f} MiB"))
        report = json.loads((tmp_path / "report-2" / "summary.json").read_text(encoding="utf-8"))
        assert report["replies"] == args.replies, "the audit must count every reply"

    header = (f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"load average {os.getloadavg()[0]:.1f} at the end; "
              f"generated by `python bench/audit.py{'' if args.replies == 200_000 else f' --replies {args.replies}'}`. "
              "Peak memory is the largest single process (driver or worker).\n")
    table = "| figure | value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows) + "\n"
    print(header)
    print(table)
    if args.write:
        target = ROOT / "bench" / "audit-results.md"
        target.write_text("# `replylint audit` benchmark (local engine)\n\n" + header + "\n" + table, encoding="utf-8")
        print(f"written to {target}")


if __name__ == "__main__":
    main()
