"""Per-reply latency of the Python API (`replylint.Linter.lint`), as a bot that keeps one Linter sees it.

    python bench/api.py              every reply of ../shared/corpus/dev/*.jsonl, 20 rounds
    python bench/api.py --rounds 3   fewer rounds (a smoke run)

Each reply is linted with its complaint and `lang="auto"`. A warm-up pass lints every reply once
(dictionaries loaded, word caches filled); then the rounds are timed call by call. The first
pass is shown too: a reply the process has never seen, in a language already loaded.
"""
from __future__ import annotations

import argparse
import statistics
import time

from bench import base_records


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(linter, records: list[dict]) -> list[tuple[float, float]]:
    """(wall, CPU) seconds per lint call, one sample per record. On a shared machine the wall
    time's tail is mostly the process waiting for a core; the CPU time is the work itself."""
    samples = []
    for record in records:
        start, cpu = time.perf_counter(), time.thread_time()
        linter.lint(record["reply"], complaint=record.get("complaint"))
        samples.append((time.perf_counter() - start, time.thread_time() - cpu))
    return samples


def line(label: str, samples: list[tuple[float, float]]) -> str:
    parts = []
    for name, values in (("wall", [s[0] for s in samples]), ("CPU", [s[1] for s in samples])):
        parts.append(f"{name} median {statistics.median(values) * 1000:.2f} ms, p99 {percentile(values, 0.99) * 1000:.2f} ms")
    return f"{label} ({len(samples):,} calls): " + "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed passes over the corpus")
    args = parser.parse_args()

    started = time.perf_counter()
    import replylint

    linter = replylint.Linter()
    made = time.perf_counter() - started
    records = base_records()
    # One reply per language first: the first pass then times replies, not dictionary loading.
    seen: dict[str, dict] = {}
    for record in records:
        seen.setdefault(record.get("lang") or "", record)
    timed(linter, list(seen.values()))
    first = timed(linter, records)
    warm = [s for _ in range(args.rounds) for s in timed(linter, records)]
    words = sum(len(r["reply"].split()) for r in records) / len(records)
    print(f"{len(records)} replies (mean {words:.0f} words), import replylint + Linter(): {made * 1000:.0f} ms")
    print(line("first pass (replies not seen before)", first))
    print(line(f"warm, {args.rounds} rounds", warm))


if __name__ == "__main__":
    main()
