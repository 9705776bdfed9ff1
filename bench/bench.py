"""Benchmarks of replylint as users run it: whole processes, medians, the floor beside them.

    python bench/bench.py            full run (about two minutes), prints a Markdown table
    python bench/bench.py --write    also writes it to docs/benchmarks.md
    python bench/bench.py --quick    a smoke run with small inputs (CI runs this)

Figures: cold start against the libraries' own import floor, words/s at 1 and 2 jobs on a
JSONL batch of >= 1,000,000 words, scaling with text size and with rule count, peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
FLOOR = [sys.executable, "-c", "import click, yaml, rich, pymorphy3; pymorphy3.MorphAnalyzer()"]
DRAFT = "Здравствуйте! Приносим извинения за задержку. Мы вернули 300 ₽ на вашу карту сегодня. Спасибо, что написали.\n"

# Measures one child process: wall time, CPU time (user + system, workers included), the peak
# resident memory of its largest process, and its exit code.
_MEASURE = (
    "import resource, subprocess, sys, time;"
    "t = time.perf_counter();"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, code.returncode);"
    "sys.stderr.write(code.stderr.decode(errors='replace'))"
)


def measure_run(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MiB) of one run of `command`; a run that failed (exit 2
    and up: a broken rule pack, an unreadable input) stops the benchmark instead of timing nothing."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    wall, cpu, kib, code = out.stdout.split()
    if int(code) > 1:
        raise SystemExit(f"bench: {' '.join(command[:3])} … exited {code}: {out.stderr.strip()[:300]}")
    return float(wall), float(cpu), int(kib) / 1024


def measure(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak MiB) of one run of `command`."""
    wall, _cpu, peak = measure_run(command)
    return wall, peak


def publish(header: str, rows: list[tuple[str, str]], target: Path | None, title: str) -> None:
    """Print the Markdown table of figures and, when `target` is given, write it there."""
    table = "| figure | value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows) + "\n"
    print(header)
    print(table)
    if target is not None:
        target.write_text(f"# {title}\n\n" + header + "\n" + table, encoding="utf-8")
        print(f"written to {target}")


def replylint(*args: str) -> list[str]:
    exe = shutil.which("replylint") or str(Path(sys.executable).with_name("replylint"))
    return [exe, *args]


def base_records() -> list[dict]:
    if CORPUS.is_dir():
        records = []
        for path in sorted(CORPUS.glob("*.jsonl")):
            records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return records
    # Without ../shared beside the repo, the examples directory stands in.
    return [{"id": p.stem, "reply": p.read_text(encoding="utf-8")} for p in sorted((ROOT / "examples").rglob("*.txt"))]


def words_of(records: list[dict]) -> int:
    return sum(len(r["reply"].split()) for r in records)


def write_batch(path: Path, records: list[dict], repeat: int) -> int:
    """The records repeated `repeat` times as JSONL (ids made unique); returns the word count."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(repeat):
            for r in records:
                out.write(json.dumps({"id": f"{r['id']}#{i}", "reply": r["reply"], "complaint": r.get("complaint")},
                                     ensure_ascii=False) + "\n")
    return words_of(records) * repeat


def duplicated_pack(target: Path, copies: int) -> Path:
    """The built-in pack `copies` more times under new ids: a pack (copies + 1) times larger."""
    rules = ROOT / "rules"
    target.mkdir()
    for path in sorted(rules.glob("*.yml")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        for n in range(copies):
            new_id = f"{path.stem}-copy{n}"
            (target / f"{new_id}.yml").write_text(text.replace(f"id: {path.stem}\n", f"id: {new_id}\n", 1), encoding="utf-8")
    return target


def measure_side_by_side(command: list[str]) -> float:
    """Wall seconds until two copies of `command`, started together, have both finished."""
    start = time.perf_counter()
    children = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    for child in children:
        child.wait()
    return time.perf_counter() - start


def median_runs(command: list[str], runs: int) -> tuple[float, float]:
    measure(command)  # warm-up: fills the compiled-pack cache and the OS file cache
    samples = [measure(command) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def _cold_pairs(check: list[str], runs: int) -> list[tuple[float, float]]:
    measure(check)  # warm-up: the compiled-pack cache and the OS file cache
    return [(measure(check)[0], measure(FLOOR)[0]) for _ in range(runs)]


def _package_dir() -> Path:
    out = subprocess.run([sys.executable, "-c", "import replylint, os; print(os.path.dirname(replylint.__file__))"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def _has_bytecode() -> bool:
    return any((_package_dir() / "__pycache__").glob("cli.*.pyc"))


def _compile_package() -> None:
    """Write replylint's bytecode, as `pip install` (not editable) does at install time."""
    code = ("import compileall, sys; sys.dont_write_bytecode = False; "
            f"compileall.compile_dir({str(_package_dir())!r}, quiet=1)")
    subprocess.run([sys.executable, "-c", code], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, few runs (a smoke test)")
    parser.add_argument("--write", action="store_true", help="write the table to docs/benchmarks.md")
    parser.add_argument("--runs", type=int, default=None, help="runs per cold-start figure")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 11)
    target_words = 20_000 if args.quick else 1_000_000

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="replylint-bench-") as tmp:
        tmp_path = Path(tmp)
        draft = tmp_path / "draft.txt"
        draft.write_text(DRAFT, encoding="utf-8")

        # Cold start: alternate the two commands so drift hits both alike.
        check = replylint("check", str(draft), "--fail-on", "none")
        uncompiled = None
        if not _has_bytecode():
            # An editable install run with PYTHONDONTWRITEBYTECODE=1 (as on this machine)
            # compiles every replylint module on every run; pip compiles a regular install, as
            # it did the libraries of the floor. Both are shown.
            uncompiled = _cold_pairs(check, runs)
            _compile_package()
        pairs = _cold_pairs(check, runs)
        cold = statistics.median(p[0] for p in pairs)
        floor = statistics.median(p[1] for p in pairs)
        ratio = statistics.median(a / b for a, b in pairs)
        rows.append(("cold start, one short ru reply (median)", f"{cold * 1000:.0f} ms"))
        rows.append(("floor: import click, yaml, rich, pymorphy3 + MorphAnalyzer()", f"{floor * 1000:.0f} ms"))
        rows.append(("cold start / floor (median of pairs)", f"{ratio:.2f}×"))
        if uncompiled is not None:
            rows.append(("cold start / floor, modules compiled on every run (no bytecode written)",
                         f"{statistics.median(a / b for a, b in uncompiled):.2f}×"))

        records = base_records()
        base_words = words_of(records)
        repeat = max(1, -(-target_words // base_words))
        big = tmp_path / "big.jsonl"
        big_words = write_batch(big, records, repeat)
        single_runs = 1 if args.quick else 3
        # One and two jobs in turn, so that the speed-up is taken pair by pair (this machine's
        # speed drifts by more than the difference being measured). The machine's own ceiling
        # comes in the same turn: two independent one-job runs at once, which share nothing
        # but the hardware (two virtual cores may share one physical core's caches and units).
        batch = {jobs: replylint("check", str(big), "--format", "json", "--fail-on", "none", "--jobs", str(jobs))
                 for jobs in (1, 2)}
        measure(batch[1])  # warm-up
        runs_by_jobs = {1: [], 2: []}
        side_by_side = []
        for _ in range(1 if args.quick else 5):
            for jobs in (1, 2):
                runs_by_jobs[jobs].append(measure(batch[jobs]))
            side_by_side.append(measure_side_by_side(batch[1]))
        for jobs in (1, 2):
            seconds = statistics.median(r[0] for r in runs_by_jobs[jobs])
            peak = max(r[1] for r in runs_by_jobs[jobs])
            rows.append((f"batch of {big_words:,} words, --jobs {jobs}",
                         f"{seconds:.2f} s, {big_words / seconds:,.0f} words/s, peak {peak:.0f} MiB"))
        speedups = [one[0] / two[0] for one, two in zip(runs_by_jobs[1], runs_by_jobs[2])]
        rows.append(("speed-up at 2 jobs (median of pairs)", f"{statistics.median(speedups):.2f}×"))
        ceilings = [2 * one[0] / both for one, both in zip(runs_by_jobs[1], side_by_side)]
        rows.append(("ceiling: two independent --jobs 1 runs at once, work done per second against one run",
                     f"{statistics.median(ceilings):.2f}×"))

        scale_repeats = (1,) if args.quick else (1, 10, 100)
        for factor in scale_repeats:
            path = tmp_path / f"scale{factor}.jsonl"
            words = write_batch(path, records, factor)
            seconds, peak = median_runs(replylint("check", str(path), "--format", "json", "--fail-on", "none",
                                                  "--jobs", "1"), single_runs)
            rows.append((f"text size {factor}× ({words:,} words), 1 job", f"{seconds:.2f} s, {words / seconds:,.0f} words/s, peak {peak:.0f} MiB"))

        rule_input = tmp_path / "rules-input.jsonl"
        words = write_batch(rule_input, records, 1 if args.quick else 10)
        extra = duplicated_pack(tmp_path / "pack10", 9)
        for label, more in (("1×", []), ("10×", ["--rules", str(extra)])):
            seconds, _peak = median_runs(replylint("check", str(rule_input), "--format", "json", "--fail-on", "none",
                                                   "--jobs", "1", *more), single_runs)
            rows.append((f"rule pack {label}, {words:,} words, 1 job", f"{seconds:.2f} s, {words / seconds:,.0f} words/s"))

    header = (
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{'quick smoke run' if args.quick else 'full run'}; generated by `python bench/bench.py{' --quick' if args.quick else ''}`.\n"
    )
    publish(header, rows, ROOT / "docs" / "benchmarks.md" if args.write else None, "Benchmarks")


if __name__ == "__main__":
    main()
